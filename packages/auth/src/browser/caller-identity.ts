/**
 * Who an operation is for, carried with it, and checked against the token that is about to go out.
 *
 * A client made for one signed-in identity (user and organization) stamps every operation with it
 * (`callerIdentityLink`). When the auth link fetches the token for a request, the token's own claims
 * must name that same user and organization, or no token is attached and nothing is sent: the
 * operation fails with `IdentityChangedError`. The token is asked for when each attempt is sent, so
 * without this a retry started as Alice in Acme went out as whoever was signed in at retry time, in
 * whichever organization was active then.
 */
import { __experimental_JWTPayloadToAuthObjectProperties as claimsToAuth } from '@clerk/shared/jwtPayloadParser';
import type { JwtPayload } from '@clerk/shared/types';
import type { Operation, TRPCLink } from '@trpc/client';
import { isTRPCClientError } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import { decodeJwt } from 'jose';

export interface CallerIdentity {
  /** null: signed out. */
  userId: string | null;
  /** null: the personal account. */
  orgId: string | null;
}

/** Operation context key holding the `CallerIdentity` the operation was started under. */
export const IDENTITY_CONTEXT = 'gatehouse.identity';

export class IdentityChangedError extends Error {
  constructor(
    readonly expected: CallerIdentity,
    readonly current: CallerIdentity,
  ) {
    super('Not sent: the account or organization changed after this was started.');
    this.name = 'IdentityChangedError';
  }
}

/** Stamps every operation of a client with the identity the client was made for. */
export function callerIdentityLink<TRouter extends AnyRouter>(identity: CallerIdentity): TRPCLink<TRouter> {
  return () =>
    ({ op, next }) =>
      next({ ...op, context: { ...op.context, [IDENTITY_CONTEXT]: identity } });
}

/**
 * The user and organization the API will read from `token`, as its verifier does: the session's
 * organization (`o.id` or `org_id`), else a JWT template's `organization_id`.
 */
export function identityOfToken(token: string | null): CallerIdentity {
  if (!token) return { userId: null, orgId: null };
  const claims = decodeJwt(token);
  const template = typeof claims.organization_id === 'string' ? claims.organization_id : null;
  const orgId = claimsToAuth(claims as unknown as JwtPayload).orgId || template;
  return { userId: typeof claims.sub === 'string' ? claims.sub : null, orgId: orgId ?? null };
}

function isIdentity(value: unknown): value is CallerIdentity {
  return typeof value === 'object' && value !== null && 'userId' in value && 'orgId' in value;
}

/**
 * Throws `IdentityChangedError` unless `token` is for the identity every operation of `ops` was
 * started under. Operations that carry none (a client for nobody in particular) are not checked.
 */
function assertTokenFor(ops: readonly Operation[], token: string | null): void {
  const wrong = mismatch(ops, token);
  if (wrong) throw new IdentityChangedError(wrong, identityOfToken(token));
}

/**
 * The token to attach to `ops`, from `getToken`, checked as above. Just after a switch, a cached token
 * may still name the organization active a moment ago: a fresh one is asked for once before the
 * operations are found to belong to an identity no longer signed in.
 */
export async function tokenForOperations(
  ops: readonly Operation[],
  getToken: (options?: { skipCache?: boolean }) => Promise<string | null>,
  skipCache: boolean,
): Promise<string | null> {
  let token = await getToken(skipCache ? { skipCache: true } : undefined);
  if (!skipCache && mismatch(ops, token)) token = await getToken({ skipCache: true });
  assertTokenFor(ops, token);
  return token;
}

function mismatch(ops: readonly Operation[], token: string | null): CallerIdentity | undefined {
  const expected = ops.map((op) => op.context[IDENTITY_CONTEXT]).filter(isIdentity);
  if (expected.length === 0) return undefined;
  const current = identityOfToken(token);
  return expected.find((e) => e.userId !== current.userId || e.orgId !== current.orgId);
}

/** The operation failed because its identity was no longer the session's: it was never sent. */
export function isIdentityChanged(error: unknown): boolean {
  return (
    error instanceof IdentityChangedError ||
    (isTRPCClientError(error) && error.cause instanceof IdentityChangedError)
  );
}
