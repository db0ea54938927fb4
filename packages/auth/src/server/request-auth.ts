import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuthObject } from '../types';

/**
 * The verified auth of the current request, reachable far from the resolver (a repository, a logger)
 * without threading it through every call. The API's auth middleware runs the rest of each request
 * inside `runWithAuth`.
 */
const storage = new AsyncLocalStorage<AuthObject>();

export function runWithAuth<T>(auth: AuthObject, fn: () => T): T {
  return storage.run(auth, fn);
}

/**
 * The current request's auth. Throws outside a request: code that runs in a background job has no
 * caller, and treating it as signed out would hide the bug.
 */
export function getAuth(): AuthObject {
  const auth = storage.getStore();
  if (!auth) throw new Error('getAuth() called outside an HTTP request handled by the auth middleware');
  return auth;
}
