/**
 * Auth for tRPC subscriptions over Server-Sent Events (`httpSubscriptionLink`).
 *
 * The browser's EventSource cannot send headers, so the token would have to go in the URL, where it
 * lands in proxy and access logs. Instead the link gets an EventSource that takes a `fetch` (the
 * `eventsource` package, WHATWG-compliant), and `bearerEventSourceOptions` makes that fetch send
 * `Authorization: Bearer <token>`, asking `getToken()` on EVERY connection, including the
 * EventSource's own reconnects: a stream never reconnects with a stale token. The API verifies it
 * exactly as any request (same middleware), and ends the stream at the token's expiry.
 *
 *   httpSubscriptionLink({ url, transformer, EventSource, eventSourceOptions: bearerEventSourceOptions(auth) })
 *
 * `resubscribeWithFreshToken` (used by the auth link for subscriptions) handles that end: a stream that
 * fails with a 401 a fresh token can fix (`token-expired` at expiry) is subscribed again at once,
 * with a token that skips the cache and the last event id seen, so nothing is missed. One retry per
 * failure: a new one is allowed only after the retried stream delivered data; it never loops.
 */

import type { Operation, OperationLink } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import { observable, type Unsubscribable } from '@trpc/server/observable';
import { authFailureOf, freshTokenCanHelp, isUnauthorized, readApiFailure } from './auth-errors';
import { FRESH_TOKEN_CONTEXT, type TRPCAuthOptions } from './auth-link';
import { tokenForOperations } from './caller-identity';
import { newTraceparent } from './trace-context';

/** The part of the `eventsource` package's `fetch` option this needs (no dependency on the package). */
export type EventSourceFetch = (
  url: string | URL,
  init: { headers: Record<string, string> } & Omit<RequestInit, 'headers'>,
) => Promise<Response>;

export interface BearerEventSourceAuth {
  getToken: (options?: { skipCache?: boolean }) => Promise<string | null>;
}

/** `eventSourceOptions` for `httpSubscriptionLink` with an EventSource that accepts `fetch`. */
export function bearerEventSourceOptions(
  auth: BearerEventSourceAuth,
  baseFetch: typeof fetch = (...args) => globalThis.fetch(...args),
): (opts: { op: Operation }) => { fetch: EventSourceFetch } {
  return ({ op }) => {
    // A retry after a refused token asks for a fresh one on its first connection only.
    let skipCache = op.context[FRESH_TOKEN_CONTEXT] === true;
    return {
      fetch: async (url, init) => {
        const token = await tokenForOperations([op], auth.getToken, skipCache);
        skipCache = false;
        // Each (re)connection is a request of its own: its own trace, as for `withTraceparent`.
        const headers = {
          ...init.headers,
          traceparent: newTraceparent(),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        };
        return baseFetch(url, { ...init, headers });
      },
    };
  };
}

/** The operation's input with the last event id, as tRPC's own links resume a tracked stream. */
function withLastEventId(input: unknown, lastEventId: string | undefined): unknown {
  if (!lastEventId || (input != null && typeof input !== 'object')) return input;
  return { ...(input ?? {}), lastEventId };
}

export function resubscribeWithFreshToken<TRouter extends AnyRouter>(
  options: Pick<TRPCAuthOptions, 'onUnauthorized'>,
): OperationLink<TRouter> {
  return ({ op, next }) =>
    observable((observer) => {
      let current: Unsubscribable | null = null;
      let disposed = false;
      let lastEventId: string | undefined;
      let retried = false;

      const attempt = (fresh: boolean) => {
        const attemptOp = fresh
          ? {
              ...op,
              input: withLastEventId(op.input, lastEventId),
              context: { ...op.context, [FRESH_TOKEN_CONTEXT]: true },
            }
          : op;
        current = next(attemptOp).subscribe({
          next: (envelope) => {
            const { result } = envelope;
            if (!('type' in result) || result.type === undefined || result.type === 'data') {
              // Data means the stream was accepted: a later expiry may be retried again.
              retried = false;
              if ('id' in result && typeof result.id === 'string') lastEventId = result.id;
            }
            observer.next(envelope);
          },
          complete: () => observer.complete(),
          error: (error) => {
            if (disposed) return;
            const failure = readApiFailure(error);
            if (!retried && freshTokenCanHelp(failure)) {
              retried = true;
              attempt(true);
              return;
            }
            if (isUnauthorized(failure)) {
              options.onUnauthorized?.({
                reason: authFailureOf(failure),
                path: op.path,
                afterRetry: retried,
              });
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
}
