import { AsyncLocalStorage } from 'node:async_hooks';
import { callerIds } from '../caller';
import type { AuthObject } from '../types';

/**
 * What one HTTP request carries through every call made for it, reachable far from the resolver (a
 * repository, a log line) without threading it through: its id from the first middleware on, and its
 * verified auth once the auth middleware has run.
 */
interface RequestScope {
  readonly requestId: string | null;
  readonly auth: AuthObject | null;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (the rest of the request) as request `requestId`, before anyone is authenticated. */
export function runInRequest<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId, auth: null }, fn);
}

/** Runs `fn` with `auth` as the current request's verified caller, keeping the request's id. */
export function runWithAuth<T>(auth: AuthObject, fn: () => T): T {
  return storage.run({ requestId: storage.getStore()?.requestId ?? null, auth }, fn);
}

/**
 * The current request's auth. Throws outside a request: code that runs in a background job has no
 * caller, and treating it as signed out would hide the bug.
 */
export function getAuth(): AuthObject {
  const auth = storage.getStore()?.auth;
  if (!auth) throw new Error('getAuth() called outside an HTTP request handled by the auth middleware');
  return auth;
}

export interface RequestLogFields {
  requestId: string | null;
  userId: string | null;
  orgId: string | null;
  /** Machine callers only: `<tokenType>:<tokenId>`. */
  machine?: string;
  /** A refused credential only: why (`token-expired`, …), so the line answers "why was I signed out?". */
  authReason?: string;
}

/**
 * What every log line written inside a request carries (the API's logger adds it to each line):
 * nulls for a signed-out caller or before authentication; nothing outside a request. Identifiers
 * only — a token or a claim never reaches a log through here.
 */
export function requestLogFields(): RequestLogFields | Record<string, never> {
  const scope = storage.getStore();
  if (!scope) return {};
  const { userId, orgId, machine } = callerIds(scope.auth);
  const authReason = scope.auth?.isAuthenticated === false ? scope.auth.reason : null;
  return {
    requestId: scope.requestId,
    userId,
    orgId,
    ...(machine ? { machine } : {}),
    ...(authReason ? { authReason } : {}),
  };
}
