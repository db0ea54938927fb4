import type { ServerResponse } from 'node:http';
import { type AuthObject, callerIds } from '@gatehouse/auth';
import { runInRequest } from '@gatehouse/auth/server';
import type { Request, RequestHandler } from 'express';
import type { Level, Logger } from 'pino';

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

function outcome(req: Request, res: ServerResponse) {
  const locals = (res as ServerResponse & { locals?: { auth?: AuthObject; requestId?: string } }).locals;
  const path = pathOf(req.originalUrl ?? req.url);
  const { userId, orgId, machine } = callerIds(locals?.auth);
  return {
    requestId: locals?.requestId,
    procedure: procedureOf(path),
    userId,
    orgId,
    ...(machine ? { machine } : {}),
  };
}

declare module 'node:http' {
  interface IncomingMessage {
    /** The process logger with this request's `req: { method, path }` bound (pino-http's `req.log`). */
    log: Logger;
  }
}

/** 5xx is an error, another 4xx a warning; a probe is logged only when it fails with a 5xx. */
function levelOf(path: string, statusCode: number): Level | null {
  if (statusCode >= 500) return 'error';
  if (PROBE_PATHS.has(path)) return null;
  return statusCode >= 400 ? 'warn' : 'info';
}

/**
 * One line per finished request: `req.method`, `req.path`, `res.statusCode`, `responseTime` (ms),
 * `requestId`, `procedure`, `userId`, `orgId` (and `err` for a 5xx), the line pino-http wrote.
 * Headers, query strings and bodies are never logged, so neither tokens nor cookies can reach the
 * logs. Successful health probes are not logged. The rest of the request runs in its request scope,
 * so every other line written for it (the logger's mixin) carries its id, and its caller once the
 * auth middleware has run.
 *
 * Hand-written instead of pino-http, which built a child logger (serializing its bindings) and three
 * listeners for every request: pino-http and its serializers were about 6 % of the CPU of a public
 * request in the profile (docs/performance.md). Here `req.log`'s child is only built when a handler
 * logs, and one `close` listener writes the line (`close` follows `finish`, and also comes for a
 * client that went away before the answer was complete, which pino-http logged too).
 */
export function httpLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const startedAt = Date.now();
    const method = req.method;
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      get: () => {
        child ??= logger.child({ req: { method, path: pathOf(req.originalUrl ?? req.url) } });
        return child;
      },
    });
    res.once('close', () => {
      const path = pathOf(req.originalUrl ?? req.url);
      const { statusCode } = res;
      const level = levelOf(path, statusCode);
      if (level === null || !logger.isLevelEnabled(level)) return;
      const line = {
        req: { method, path },
        res: { statusCode },
        responseTime: Date.now() - startedAt,
        ...outcome(req, res),
        ...(statusCode >= 500
          ? { err: { type: 'Error', message: `failed with status code ${statusCode}` } }
          : {}),
      };
      logger[level](line, statusCode >= 500 ? 'request failed' : 'request completed');
    });
    runInRequest(res.locals.requestId, next);
  };
}
