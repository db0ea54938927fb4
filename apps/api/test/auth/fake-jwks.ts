import type { JsonWebKey } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';

/**
 * A JWKS endpoint the test controls: serve keys, or fail (503) like an outage. Counts every request
 * and lets a test wait for the next one (a background refresh) without sleeping.
 */
export interface FakeJwks {
  url: string;
  requests: number;
  /** Serves these keys (each a Clerk test instance's `jwk`) as the JWKS. */
  serve(keys: JsonWebKey[]): void;
  fail(): void;
  /** Resolves on the next request that reaches the server. */
  nextRequest(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeJwks(): Promise<FakeJwks> {
  let body: string | null = null;
  let waiters: Array<() => void> = [];
  const state = { requests: 0 };
  const server: Server = createServer((_req, res) => {
    state.requests += 1;
    for (const wake of waiters) wake();
    waiters = [];
    if (body === null) {
      res.writeHead(503).end('down');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get requests() {
      return state.requests;
    },
    serve(keys) {
      body = JSON.stringify({ keys });
    },
    fail() {
      body = null;
    },
    nextRequest: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
