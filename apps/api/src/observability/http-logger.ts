import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AuthObject, callerIds } from '@gatehouse/auth';
import { runInRequest } from '@gatehouse/auth/server';
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const PROBE_PATHS = new Set(['/healthz', '/readyz']);

/** The path without its query string: tRPC GET inputs live in the query and may hold personal data. */
function pathOf(url: string | undefined): string {
  return (url ?? '').split('?', 1)[0]!;
}

/** `/trpc/notes.list,notes.create` → `notes.list,notes.create`. */
function procedureOf(path: string): string | undefined {
  if (!path.startsWith('/trpc/')) return undefined;
  try {
    return decodeURIComponent(path.slice('/trpc/'.length)).slice(0, 512);
  } catch {
    return undefined;
  }
}

function outcome(req: IncomingMessage, res: ServerResponse) {
  const locals = (res as ServerResponse & { locals?: { auth?: AuthObject; requestId?: string } }).locals;
  const path = pathOf((req as Request).originalUrl ?? req.url);
  const { userId, orgId, machine } = callerIds(locals?.auth);
  return {
    requestId: locals?.requestId,
    procedure: procedureOf(path),
    userId,
    orgId,
    ...(machine ? { machine } : {}),
  };
}

/**
 * One line per finished request: `req.method`, `req.path`, `res.statusCode`, `responseTime` (ms),
 * `requestId`, `procedure`, `userId`, `orgId`. Headers, query strings and bodies are never logged,
 * so neither tokens nor cookies can reach the logs. Successful health probes are not logged.
 * The rest of the request runs in its request scope, so every other line written for it (the logger's
 * mixin) carries its id, and its caller once the auth middleware has run.
 */
export function httpLogger(logger: Logger): RequestHandler {
  const middleware = pinoHttp({
    logger,
    genReqId: (_req, res) => (res as ServerResponse & { locals: { requestId: string } }).locals.requestId,
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({
        method: req.method,
        path: pathOf(req.url),
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      if (PROBE_PATHS.has(pathOf((req as Request).originalUrl ?? req.url))) return 'silent';
      return res.statusCode >= 400 ? 'warn' : 'info';
    },
    customSuccessObject: (req, res, value) => ({ ...value, ...outcome(req, res) }),
    customErrorObject: (req, res, _error, value) => ({ ...value, ...outcome(req, res) }),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
  });
  return (req, res, next) => middleware(req, res, () => runInRequest(res.locals.requestId, next));
}
