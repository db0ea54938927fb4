import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app';
import { loadEnv } from '../src/env';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = createApp(loadEnv({ NODE_ENV: 'test' }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('HTTP', () => {
  it('GET /healthz answers 200', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /trpc/health answers the superjson-encoded result', async () => {
    const res = await fetch(`${base}/trpc/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: { data: { json: { status: 'ok' } } } });
  });

  it('allows the configured SPA origin and no other', async () => {
    const allowed = await fetch(`${base}/trpc/health`, { headers: { origin: 'http://localhost:5173' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const foreign = await fetch(`${base}/trpc/health`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers an unknown procedure with 404, not 500', async () => {
    const res = await fetch(`${base}/trpc/nope`);
    expect(res.status).toBe(404);
  });
});
