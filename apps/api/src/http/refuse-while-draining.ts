import type { RequestHandler } from 'express';
import { sendError } from './error-response';

/**
 * Once shutdown began, a request that still reaches the app (on a kept-alive connection, between the
 * drain's start and its socket closing) is answered 503 `shutting-down` with `Connection: close` and
 * Retry-After, so the client retries on another replica, rather than starting work this process may
 * be cut from. Requests already in flight are not affected: they finish. Liveness (/healthz) and
 * readiness (which says `shutting-down`) still answer.
 */
export function refuseWhileDraining(isDraining: () => boolean): RequestHandler {
  return (req, res, next) => {
    if (!isDraining() || req.path === '/healthz' || req.path === '/readyz') {
      next();
      return;
    }
    res.set({ connection: 'close', 'retry-after': '1' });
    sendError(req, res, {
      code: 'SERVICE_UNAVAILABLE',
      message: 'The server is shutting down; retry',
      reason: 'shutting-down',
    });
  };
}
