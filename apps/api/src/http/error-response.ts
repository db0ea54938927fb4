import { AccessDeniedError, appRouter, RequestRefusedError } from '@gatehouse/api-contract';
import { type ApiReason, isRequestRefusalReason } from '@gatehouse/auth';
import { DATABASE_RETRY_AFTER_SECONDS } from '@gatehouse/db/availability';
import { type TRPC_ERROR_CODE_KEY, TRPCError, transformTRPCResponse } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { Request, Response } from 'express';
import { noCallErrorShape } from './no-call-error-shape';

export interface ApiError {
  code: TRPC_ERROR_CODE_KEY;
  message: string;
  /** Machine-readable cause, e.g. `cross-site-request`, `rate-limited` (tRPC: `error.data.reason`). */
  reason?: ApiReason;
}

/** The error class whose `reason` the tRPC error formatter exposes. */
function causeOf(reason: ApiReason): Error {
  return isRequestRefusalReason(reason) ? new RequestRefusedError(reason) : new AccessDeniedError(reason);
}

export function isTrpcRequest(req: Request): boolean {
  return /^\/trpc(?:[/?]|$)/.test(req.originalUrl);
}

/**
 * Answers an error from Express middleware (limits, CSRF, rate limits, 404, the error handler). Under
 * `/trpc` the body is tRPC's own error envelope, built by the router's error formatter, so the tRPC
 * client reads it like any procedure error (one error object answers a whole batch). Elsewhere:
 * `{ error: { code, message, reason, requestId } }`. Either way JSON, with the request id, no stack
 * in production (the formatter adds one only when tRPC's `isDev`, i.e. NODE_ENV is not production).
 */
export function sendError(req: Request, res: Response, { code, message, reason }: ApiError): void {
  const error = new TRPCError({ code, message, cause: reason ? causeOf(reason) : undefined });
  const requestId = res.locals.requestId ?? null;
  if (reason) res.locals.refusalReason = reason;
  res.status(getHTTPStatusCodeFromError(error));
  if (!isTrpcRequest(req)) {
    res.json({ error: { code, message, reason: reason ?? null, requestId } });
    return;
  }
  const config = appRouter._def._config;
  const shape = noCallErrorShape(config, error);
  // No tRPC context exists yet at this point, so the formatter could not read the id from it.
  const withId = { ...shape, data: { ...shape.data, requestId } };
  res.json(transformTRPCResponse(config, { error: withId }));
}

/** 503 `database-unavailable` with Retry-After: the database could not serve this; nothing was done. */
export function sendDatabaseUnavailable(req: Request, res: Response, message: string): void {
  res.set('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  sendError(req, res, { code: 'SERVICE_UNAVAILABLE', message, reason: 'database-unavailable' });
}

const CODE_BY_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** The code for an HTTP status raised by a library (body parsers set `status`); unknown → 400/500. */
export function codeForStatus(status: number): TRPC_ERROR_CODE_KEY {
  return CODE_BY_STATUS[status] ?? (status >= 400 && status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR');
}
