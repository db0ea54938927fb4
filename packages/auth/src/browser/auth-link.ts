/**
 * The tRPC auth link: who is calling, on every HTTP request, with exactly one bounded retry.
 *
 *   const auth = createTRPCAuth({ getToken, template, onUnauthorized });
 *   links: [auth.link, httpBatchLink({ url, transformer, headers: auth.headers })]
 *
 * - `headers` runs once per HTTP request (tRPC calls it per batch), so a batch shares one `getToken()`.
 *   Pass Clerk's `useAuth().getToken`: it waits until Clerk has loaded, so no request goes out
 *   unauthenticated while a session is being restored. A token for another user or organization than
 *   the operations were started under is never attached: the request is not sent (caller-identity.ts).
 * - `link` watches each operation: a 401 whose reason says a fresh token can help (see
 *   `FRESH_TOKEN_CAN_HELP`) is retried exactly once, flagged so that `headers` asks for
 *   `getToken({ skipCache: true })`. Any other 401, or one that survives the retry, is reported to
 *   `onUnauthorized` and surfaces as the error; it never loops.
 *
 * Hand-written because tRPC's built-in `retryLink` re-sends the identical operation: it cannot ask
 * for a fresh token on the retry.
 */
import type { Operation, OperationLink, TRPCLink } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import { observable, type Unsubscribable } from '@trpc/server/observable';
import type { AuthFailureReason } from '../reasons';
import {
  type ApiFailure,
  authFailureOf,
  freshTokenCanHelp,
  isUnauthorized,
  readApiFailure,
} from './auth-errors';
import { tokenForOperations } from './caller-identity';
import { resubscribeWithFreshToken } from './subscription-auth';

export interface GetTokenOptions {
  template?: string;
  skipCache?: boolean;
}

/** Clerk's `getToken` shape (`useAuth().getToken`, `session.getToken`). */
export type GetToken = (options?: GetTokenOptions) => Promise<string | null>;

export interface UnauthorizedEvent {
  /** Why the API refused the token; null when it sent none (or one this client does not know). */
  reason: AuthFailureReason | null;
  path: string;
  /** True when this 401 came back from the retry with a fresh token. */
  afterRetry: boolean;
}

export interface TRPCAuthOptions {
  getToken: GetToken;
  /** A Clerk JWT template name (e.g. an API-gateway template adding `aud`); omit for session tokens. */
  template?: string | undefined;
  /** A 401 nobody can fix by retrying: typically, sign the user out with a message. */
  onUnauthorized?: (event: UnauthorizedEvent) => void;
}

/** Operation context key that asks `headers` for a token that bypasses the cache. */
export const FRESH_TOKEN_CONTEXT = 'gatehouse.freshToken';

type HeadersInput = { opList: readonly Operation[] } | { op: Operation };

export interface TRPCAuth<TRouter extends AnyRouter> {
  link: TRPCLink<TRouter>;
  headers: (input: HeadersInput) => Promise<Record<string, string>>;
  /** The token for this caller, for transports without headers (e.g. SSE `connectionParams`). */
  getToken: (options?: { skipCache?: boolean }) => Promise<string | null>;
}

export function createTRPCAuth<TRouter extends AnyRouter>(options: TRPCAuthOptions): TRPCAuth<TRouter> {
  const getToken = ({ skipCache = false }: { skipCache?: boolean } = {}) =>
    options.getToken({
      ...(options.template ? { template: options.template } : {}),
      ...(skipCache ? { skipCache: true } : {}),
    });

  return {
    getToken,
    link: () => retryUnauthorizedOnce<TRouter>(options),
    async headers(input): Promise<Record<string, string>> {
      const ops = 'opList' in input ? input.opList : [input.op];
      const skipCache = ops.some((op) => op.context[FRESH_TOKEN_CONTEXT] === true);
      const token = await tokenForOperations(ops, getToken, skipCache);
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  };
}

function retryUnauthorizedOnce<TRouter extends AnyRouter>(options: TRPCAuthOptions): OperationLink<TRouter> {
  return ({ op, next }) => {
    // Subscriptions fetch a token per connection (subscription-auth.ts) and are re-subscribed, from
    // their last event id, when a stream ends with a 401 a fresh token fixes (the token expired).
    if (op.type === 'subscription') return resubscribeWithFreshToken<TRouter>(options)({ op, next });
    return observable((observer) => {
      let current: Unsubscribable | null = null;
      let disposed = false;

      const attempt = (afterRetry: boolean) => {
        const attemptOp = afterRetry
          ? { ...op, context: { ...op.context, [FRESH_TOKEN_CONTEXT]: true } }
          : op;
        current = next(attemptOp).subscribe({
          next: (envelope) => observer.next(envelope),
          complete: () => observer.complete(),
          error: (error) => {
            if (disposed) return;
            const failure: ApiFailure = readApiFailure(error);
            if (!afterRetry && freshTokenCanHelp(failure)) {
              attempt(true);
              return;
            }
            if (isUnauthorized(failure)) {
              options.onUnauthorized?.({ reason: authFailureOf(failure), path: op.path, afterRetry });
            }
            observer.error(error);
          },
        });
      };

      attempt(false);
      return () => {
        disposed = true;
        current?.unsubscribe();
      };
    });
  };
}
