import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';
import type { Env } from '../env';

type MetricsEnv = Pick<Env, 'METRICS_PORT' | 'METRICS_HOST' | 'METRICS_TOKEN'>;

function presents(authorization: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(authorization ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The scrape: 401 without the token when one is configured. */
async function answer(
  registry: Registry,
  token: string | undefined,
  authorization: string | undefined,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  if (token !== undefined && !presents(authorization, token)) {
    return {
      status: 401,
      headers: { 'content-type': 'text/plain', 'www-authenticate': 'Bearer realm="metrics"' },
      body: 'Unauthorized\n',
    };
  }
  return { status: 200, headers: { 'content-type': registry.contentType }, body: await registry.metrics() };
}

/**
 * `GET /metrics` on the public port: only when METRICS_TOKEN is set and no METRICS_PORT; otherwise it
 * passes on (to the JSON 404). Mounted before authentication and the rate limits: its token is not a
 * Clerk token, and a scraper must not spend a user's budget.
 */
export function publicMetrics(env: MetricsEnv, registry: Registry): RequestHandler {
  const token = env.METRICS_TOKEN;
  return (req, res, next) => {
    if (token === undefined || env.METRICS_PORT !== undefined) {
      next();
      return;
    }
    answer(registry, token, req.get('authorization'))
      .then(({ status, headers, body }) => {
        res.status(status).set(headers).send(body);
      })
      .catch(next);
  };
}

/** The METRICS_PORT listener (null when unset): `/metrics` only, everything else 404. */
export async function listenForMetrics(
  env: MetricsEnv,
  registry: Registry,
): Promise<{ url: string; close(): Promise<void> } | null> {
  if (env.METRICS_PORT === undefined) return null;
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?', 1)[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    answer(registry, env.METRICS_TOKEN, req.headers.authorization)
      .then(({ status, headers, body }) => res.writeHead(status, headers).end(body))
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.METRICS_PORT, env.METRICS_HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.METRICS_PORT;
  return {
    url: `http://${env.METRICS_HOST}:${port}/metrics`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
