import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

declare global {
  namespace Express {
    interface Locals {
      /** Set first thing for every request; echoed as `x-request-id`, logged, in every error body. */
      requestId: string;
    }
  }
}

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * An incoming id is kept only when it is short and plain, so a caller (or the load balancer that set
 * it) can correlate logs, while nobody can inject log lines, markup or megabytes through it.
 */
const SANE_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

export function isSaneRequestId(value: unknown): value is string {
  return typeof value === 'string' && SANE_REQUEST_ID.test(value);
}

/** Accepts a sane `x-request-id`, else generates a UUID; echoes it on the response. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers[REQUEST_ID_HEADER];
    const id = isSaneRequestId(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader(REQUEST_ID_HEADER, id);
    next();
  };
}
