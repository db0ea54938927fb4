import type { AuthObject } from '@gatehouse/auth';
import { type Authenticator, extractCredential, runWithAuth } from '@gatehouse/auth/server';
import type { Request, RequestHandler, Response } from 'express';
import { sendError } from '../http/error-response';

declare global {
  namespace Express {
    interface Locals {
      /** The verified caller, set by `authenticate()` once per HTTP request (absent before it runs). */
      auth?: AuthObject;
    }
  }
}

/** Asked before a verification that would call Clerk's Backend API: has this client spent its budget? */
export type RefusalBudget = (req: Request) => Promise<{ retryAfterSeconds: number } | null>;

/**
 * Authenticates each HTTP request exactly once, whatever the tRPC batch size: the credential (Bearer
 * header, else `__session` cookie) is verified — or served from the verified-token cache — and the
 * result lands on `res.locals.auth` for everything after it (rate limits, logs, the tRPC context). The
 * rest of the request runs inside `runWithAuth`, so `getAuth()` works anywhere below.
 * A refused token is not an error here: the request continues signed out with a `reason`, public
 * procedures still answer, protected ones say 401 (or 503 when the keys or Clerk are unavailable).
 * An opaque machine token that would cost a Backend API call first checks `budget`: a client that has
 * used up its refused-credential budget gets 429 without Clerk being asked.
 */
export function authenticate(authenticator: Authenticator, budget?: RefusalBudget): RequestHandler {
  return (req, res, next) => {
    const credential = extractCredential(req.rawHeaders);
    const costly = credential.kind === 'token' && authenticator.costsBackendCall(credential.token);
    const spent = budget && costly ? budget(req) : Promise.resolve(null);
    spent
      .then(async (refusal) => {
        if (refusal) {
          res.set('retry-after', String(refusal.retryAfterSeconds));
          sendError(req, res, {
            code: 'TOO_MANY_REQUESTS',
            message: 'Too many requests',
            reason: 'rate-limited',
          });
          return;
        }
        const auth = await authenticator.authenticate(credential);
        res.locals.auth = auth;
        runWithAuth(auth, next);
      })
      .catch(next);
  };
}

/**
 * Mounted after the rate limiters (so a flood of malformed credentials is counted as failed
 * authentication): two Authorization headers, one that is not `Bearer <token>`, or two `__session`
 * cookies answer 400 `invalid_request` for the whole request — never resolved to one of them.
 */
export const refuseInvalidCredentials: RequestHandler = (req, res, next) => {
  const auth = res.locals.auth;
  if (auth && !auth.isAuthenticated && auth.reason === 'invalid_request') {
    sendError(req, res, {
      code: 'BAD_REQUEST',
      message: 'Send one Authorization: Bearer <token> header, or one __session cookie',
      reason: 'invalid_request',
    });
    return;
  }
  next();
};

/** The verified auth for the tRPC context. Missing means the middleware was not mounted: a bug. */
export function authOf(res: Response): AuthObject {
  const auth = res.locals.auth;
  if (!auth) throw new Error('res.locals.auth is not set: mount authenticate() before /trpc');
  return auth;
}
