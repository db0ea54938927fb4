import type { RequestHandler } from 'express';
import { sendError } from './error-response';
import { trpcPathOf } from './trpc-bridge';

/**
 * Cheap checks run before a `/trpc` request costs anything (no token verification, no body read).
 * tRPC 11 itself accepts `multipart/form-data` mutations (a CORS "simple" request, so a CSRF vector),
 * has no batch limit unless told, and reads bodies of any size unless given `maxBodySize` (which
 * app.ts also passes, for bodies streamed without a Content-Length).
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** 415 for any body that is not JSON: tRPC's JSON link is the only client Gatehouse serves. */
export function requireJsonBody(): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method) || mediaType(req.headers['content-type']) === 'application/json') {
      next();
      return;
    }
    sendError(req, res, {
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Send the request body as application/json',
    });
  };
}

/** 413 from the declared length, before any byte of the body is read. */
export function limitDeclaredBodySize(maxBytes: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (!(declared > maxBytes)) {
      next();
      return;
    }
    // The unread body would otherwise be drained before the connection could be reused.
    res.setHeader('connection', 'close');
    sendError(req, res, { code: 'PAYLOAD_TOO_LARGE', message: `Request body exceeds ${maxBytes} bytes` });
  };
}

/** Number of procedures in a tRPC batch URL (`/a,b,c?batch=1`), decoded the way tRPC decodes it. */
function batchLength(path: string): number {
  try {
    return decodeURIComponent(path).split(',').length;
  } catch {
    return 1; // A malformed path is tRPC's to reject (404), not a batch.
  }
}

/**
 * Whether tRPC will treat the request as a batch, by tRPC's own rule: the FIRST `batch` query
 * parameter is `1`. Express's parsed `req.query` would turn `?batch=1&batch=1` into an array and hide it.
 */
function isBatchCall(url: string): boolean {
  const query = url.indexOf('?');
  return query !== -1 && new URLSearchParams(url.slice(query + 1)).get('batch') === '1';
}

/** 400 for a batch of more than `maxSize` calls: each call costs a context and a resolver. */
export function limitBatchSize(maxSize: number): RequestHandler {
  return (req, res, next) => {
    if (!isBatchCall(req.url) || batchLength(trpcPathOf(req)) <= maxSize) {
      next();
      return;
    }
    sendError(req, res, {
      code: 'BAD_REQUEST',
      message: `A batch may hold at most ${maxSize} calls`,
      reason: 'batch-too-large',
    });
  };
}

/**
 * tRPC 11.22 answers the errors it raises before reading the calls (a path with invalid
 * percent-encoding, a batch mixing queries and mutations…) with a JSON body labelled `text/plain`:
 * it builds a fetch `Response` from a string without setting a content type. Every body tRPC writes
 * here is JSON (SSE sets its own type), so that label is corrected on the way out.
 */
export function labelTrpcErrorsAsJson(): RequestHandler {
  return (_req, res, next) => {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name, value) =>
      setHeader(
        name,
        name.toLowerCase() === 'content-type' && String(value).startsWith('text/plain')
          ? 'application/json'
          : value,
      );
    next();
  };
}
