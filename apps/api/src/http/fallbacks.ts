import { INTERNAL_ERROR_MESSAGE } from '@gatehouse/api-contract';
import { isDatabaseUnavailable } from '@gatehouse/db/availability';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { codeForStatus, sendDatabaseUnavailable, sendError } from './error-response';

/** Last route: an unknown path is a JSON 404 like every other error. */
export const notFound: RequestHandler = (req, res) => {
  sendError(req, res, { code: 'NOT_FOUND', message: 'Not found' });
};

function statusOf(error: unknown): number {
  const candidate = (error as { status?: unknown; statusCode?: unknown } | null) ?? {};
  const status = Number(candidate.status ?? candidate.statusCode);
  return Number.isInteger(status) && status >= 400 && status < 600 ? status : 500;
}

/**
 * Last middleware: anything thrown in Express (a body parser's 400/413/415, a bug) becomes JSON with
 * the request id. A database outage is 503 with Retry-After. A 4xx keeps its message only when the library marks it safe (`expose`); a 5xx is
 * logged with its stack and answered with a generic message, never the stack.
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) {
    next(error); // Express closes the connection; nothing valid can be appended to a started body.
    return;
  }
  if (isDatabaseUnavailable(error)) {
    req.log?.warn({ err: error }, 'database unavailable');
    sendDatabaseUnavailable(req, res, 'The database is unavailable; retry shortly');
    return;
  }
  const status = statusOf(error);
  const exposed = status < 500 && (error as { expose?: unknown }).expose === true;
  if (status >= 500) req.log?.error({ err: error }, 'unhandled error');
  sendError(req, res, {
    code: codeForStatus(status),
    message: exposed
      ? String((error as Error).message)
      : status >= 500
        ? INTERNAL_ERROR_MESSAGE
        : 'Bad request',
  });
};
