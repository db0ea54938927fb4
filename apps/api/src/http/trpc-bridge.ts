import type { ServerResponse } from 'node:http';
import { type AnyTRPCRouter, getTRPCErrorFromUnknown, transformTRPCResponse } from '@trpc/server';
import { type HTTPErrorHandler, type ResponseMetaFn, resolveResponse } from '@trpc/server/http';
import type { Request as ExpressRequest, Response as ExpressResponse, RequestHandler } from 'express';
import { noCallErrorShape } from './no-call-error-shape';
import { nodeRequestView } from './trpc-request-view';

/**
 * tRPC on Express, on tRPC's own `resolveResponse`: routing, batching, input parsing, error shapes,
 * `responseMeta`, subscriptions (SSE) and jsonl streams stay tRPC's. Hand-written instead of
 * `@trpc/server/adapters/express` because that adapter turns every request into an undici `Request`
 * (a parsed `URL`, a `Headers` copy of every header, an `AbortController`) and writes every response
 * by piping its body through a web `WritableStream`: about 15 % of the CPU of a public request in the
 * profile (docs/performance.md). Here tRPC reads the Node request through a small view (the handful of
 * members `resolveResponse` uses), and a complete JSON answer is written with one `res.end`; only SSE
 * and jsonl answers are streamed. Behaviour is pinned by test/http/trpc-bridge.test.ts.
 */
export interface TrpcBridgeOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  createContext: (opts: { req: ExpressRequest; res: ExpressResponse }) => unknown;
  responseMeta?: ResponseMetaFn<TRouter>;
  onError?: (opts: Parameters<HTTPErrorHandler<TRouter, ExpressRequest>>[0]) => void;
  /** Bodies longer than this are refused with 413 while being read (a missing Content-Length too). */
  maxBodySize: number;
  /** tRPC's own batch bound, behind the request guard that refuses a larger batch first (with a reason). */
  maxBatchSize: number;
}

/**
 * The procedure path a `/trpc` request names, as the bridge hands it to tRPC: the last path segment,
 * still percent-encoded (`/trpc/x/tasks.onChange` names `tasks.onChange`). Every guard that reads the
 * path reads it through this, so none can count one thing while tRPC runs another.
 */
export function trpcPathOf(req: { path: string }): string {
  return req.path.slice(req.path.lastIndexOf('/') + 1);
}

export function trpcBridge<TRouter extends AnyTRPCRouter>(
  options: TrpcBridgeOptions<TRouter>,
): RequestHandler {
  const config = options.router._def._config;
  return (req, res) => {
    const path = trpcPathOf(req);
    Promise.resolve()
      .then(async () => {
        const request = nodeRequestView(req, res, options.maxBodySize);
        const response = await resolveResponse<TRouter>({
          router: options.router,
          req: request as unknown as Request,
          path,
          error: null,
          maxBatchSize: options.maxBatchSize,
          createContext: async () => (await options.createContext({ req, res })) as never,
          responseMeta: options.responseMeta,
          onError: (opts) => options.onError?.({ ...opts, req }),
        });
        await writeResponse(response, res, request.signal);
      })
      .catch((cause: unknown) => {
        // What tRPC's adapter does when resolving itself throws: its error envelope, never a stack.
        const error = getTRPCErrorFromUnknown(cause);
        options.onError?.({ error, req, type: 'unknown', path: undefined, input: undefined, ctx: undefined });
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const shape = noCallErrorShape(config, error);
        res.statusCode = shape.data.httpStatus;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(transformTRPCResponse(config, { error: shape })));
      });
  };
}

/** tRPC marks its streamed answers: SSE by content type, jsonl batches by chunked transfer. */
function isStreamed(response: Response): boolean {
  return (
    response.headers.get('transfer-encoding') === 'chunked' ||
    (response.headers.get('content-type') ?? '').startsWith('text/event-stream')
  );
}

async function writeResponse(response: Response, res: ServerResponse, signal: AbortSignal): Promise<void> {
  if (res.statusCode === 200) res.statusCode = response.status;
  for (const [key, value] of response.headers) if (key !== 'set-cookie') res.setHeader(key, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (!response.body) {
    res.end();
    return;
  }
  if (!isStreamed(response)) {
    res.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  const reader = response.body.getReader();
  const stop = () => void reader.cancel().catch(() => {});
  signal.addEventListener('abort', stop, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      // Back-pressure: a slow client holds the producer instead of buffering every event in memory.
      if (!res.write(value)) await waitForDrain(res);
    }
  } finally {
    signal.removeEventListener('abort', stop);
    res.end();
  }
}

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
