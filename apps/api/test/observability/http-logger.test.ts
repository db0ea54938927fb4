import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestId } from '../../src/http/request-id';
import { httpLogger } from '../../src/observability/http-logger';
import { captureLogs } from '../support/test-server';

/** The request line's levels and messages, and `req.log`, on a bare app with only the two middlewares. */
const logs = captureLogs();
let server: Server;
let url: string;
beforeAll(async () => {
  const app = express()
    .use(requestId(), httpLogger(logs.logger))
    .get('/healthz', (_req, res) => void res.status(503).json({}))
    .get('/readyz', (_req, res) => void res.json({}))
    .get('/trpc/:path', (req, res) => {
      req.log.info({ detail: 1 }, 'inside');
      res.status(Number(req.query.status ?? 200)).json({});
    });
  server = createServer(app);
  await once(server.listen(0, '127.0.0.1'), 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const get = async (path: string, id: string) => {
  await fetch(`${url}${path}`, { headers: { 'x-request-id': id } });
  return logs.waitForLog((line) => line.requestId === id && String(line.msg).startsWith('request'));
};

describe('httpLogger', () => {
  it('writes info for a success, warn for a 4xx, error with err for a 5xx', async () => {
    expect(await get('/trpc/a?status=200', 'l-200')).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { method: 'GET', path: '/trpc/a' },
      res: { statusCode: 200 },
      procedure: 'a',
    });
    expect(await get('/trpc/a?status=404', 'l-404')).toMatchObject({ level: 40, msg: 'request completed' });
    const failed = await get('/trpc/a?status=500', 'l-500');
    expect(failed).toMatchObject({
      level: 50,
      msg: 'request failed',
      res: { statusCode: 500 },
      err: { message: 'failed with status code 500' },
    });
    expect(typeof failed.responseTime).toBe('number');
  });

  it("binds the request's method and path to req.log, with its id from the request scope", async () => {
    await get('/trpc/b?secret=1', 'l-inside');
    const inside = logs.logs.find((line) => line.msg === 'inside' && line.requestId === 'l-inside');
    expect(inside).toMatchObject({ detail: 1, req: { method: 'GET', path: '/trpc/b' } });
    expect(logs.rawLogs()).not.toContain('secret=1');
  });

  it('logs a probe only when it fails with a 5xx', async () => {
    expect(await get('/healthz', 'probe-503')).toMatchObject({ level: 50, res: { statusCode: 503 } });
    await fetch(`${url}/readyz`, { headers: { 'x-request-id': 'probe-200' } });
    await get('/trpc/after', 'after-probe'); // written after the probe's line would have been
    expect(logs.logs.some((line) => line.requestId === 'probe-200')).toBe(false);
  });
});
