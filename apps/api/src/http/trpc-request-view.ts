import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';

/** The members of a fetch `Headers` that tRPC's `resolveResponse` reads, over Node's parsed headers. */
class HeadersView {
  constructor(private readonly headers: IncomingMessage['headers']) {}
  get(name: string): string | null {
    const value = this.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
  has(name: string): boolean {
    return this.headers[name.toLowerCase()] !== undefined;
  }
}

/**
 * A Node request as the fetch `Request` tRPC's `resolveResponse` reads: `method`, `url`, `headers.get`
 * /`has`, `signal` (aborted when the client goes away before the answer is complete, which ends
 * subscriptions) and `json()`, reading the body with the same size limit tRPC's adapter applies.
 * `formData()` and a raw `body` are refused: the request guards answer 415 to any body that is not
 * JSON before tRPC runs, so they are never reached; refusing keeps it so if that ever changed.
 */
export function nodeRequestView(req: IncomingMessage, res: ServerResponse, maxBodySize: number) {
  const controller = new AbortController();
  const onClose = () => {
    if (!res.writableEnded) controller.abort();
  };
  res.once('close', onClose);
  const host = req.headers.host ?? 'localhost';
  const originalUrl = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const url = `http://${host}${originalUrl}`;
  // tRPC parses it with `new URL`; what Node let through but URL refuses is the client's mistake.
  if (!URL.canParse(url)) throw new TRPCError({ code: 'BAD_REQUEST', message: 'Invalid URL' });
  return {
    method: req.method ?? 'GET',
    url,
    headers: new HeadersView(req.headers),
    signal: controller.signal,
    body: null,
    json: () => readJsonBody(req, maxBodySize),
    formData: () => Promise.reject(new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send JSON' })),
  };
}

/** JSON of the body; 413 (tRPC's PAYLOAD_TOO_LARGE) as soon as it grows past `maxBodySize`. */
function readJsonBody(req: IncomingMessage, maxBodySize: number): Promise<unknown> {
  if (req.readableEnded)
    return Promise.reject(
      new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'The request body was already read' }),
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodySize) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      reject(new TRPCError({ code: 'PAYLOAD_TOO_LARGE' }));
    };
    const onEnd = () => {
      cleanup();
      try {
        resolve(JSON.parse(Buffer.concat(chunks, size).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
