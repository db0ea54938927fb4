import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { initTRPC, TRPCError } from '@trpc/server';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { trpcBridge } from '../../src/http/trpc-bridge';

/**
 * The hand-written bridge against tRPC's own Express adapter on the same router: every answer the same
 * (status, body, the headers tRPC sets), plus what only a live connection shows (streaming, abort).
 */
const t = initTRPC.context<{ user: string | null }>().create({ transformer: superjson, isDev: false });
const aborted: string[] = [];
const errors: Array<{ code: string; hasExpressReq: boolean }> = [];
const router = t.router({
  health: t.procedure.query(() => ({ status: 'ok', at: new Date(0) })),
  echo: t.procedure.input(z.object({ text: z.string().max(10) })).mutation(({ input }) => input),
  whoami: t.procedure.query(({ ctx }) => {
    if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED' });
    return ctx.user;
  }),
  boom: t.procedure.query(() => {
    throw new Error('internal detail');
  }),
  ticks: t.procedure.subscription(async function* ({ signal }) {
    signal?.addEventListener('abort', () => aborted.push('ticks'));
    for (let i = 0; ; i += 1) {
      yield i;
      await new Promise((next) => setTimeout(next, 20));
    }
  }),
});

const MAX_BODY = 200;
const MAX_BATCH = 3;
function app(adapter: 'bridge' | 'trpc') {
  const options = {
    router,
    maxBodySize: MAX_BODY,
    maxBatchSize: MAX_BATCH,
    createContext: ({ req }: { req: express.Request }) => ({
      user: req.headers['x-user']?.toString() ?? null,
    }),
    responseMeta: ({ errors: list }: { errors: TRPCError[] }) =>
      list.some((e) => e.code === 'UNAUTHORIZED') ? { headers: { 'www-authenticate': 'Bearer' } } : {},
    onError: ({ error, req }: { error: TRPCError; req: unknown }) =>
      errors.push({ code: error.code, hasExpressReq: typeof (req as express.Request).get === 'function' }),
  };
  const handler = adapter === 'bridge' ? trpcBridge(options) : createExpressMiddleware(options);
  return express().use('/trpc', handler);
}

let servers: Record<'bridge' | 'trpc', Server>;
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
beforeAll(async () => {
  servers = { bridge: createServer(app('bridge')), trpc: createServer(app('trpc')) };
  await Promise.all(Object.values(servers).map((server) => once(server.listen(0, '127.0.0.1'), 'listening')));
});
afterAll(() => {
  for (const server of Object.values(servers)) {
    server.closeAllConnections();
    server.close();
  }
});

async function both(path: string, init: RequestInit = {}) {
  const answer = async (server: Server) => {
    const res = await fetch(`${urlOf(server)}/trpc/${path}`, init);
    const text = await res.text();
    const headers = ['content-type', 'vary', 'www-authenticate'].map((name) => res.headers.get(name));
    return { status: res.status, headers, body: text ? JSON.parse(text) : null };
  };
  return { bridge: await answer(servers.bridge), trpc: await answer(servers.trpc) };
}

const json = (body: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
});

describe('trpcBridge answers as tRPC’s Express adapter does', () => {
  it.each([
    ['a query', 'health', {}],
    [
      'a batch',
      `health,whoami?batch=1&input=${encodeURIComponent('{}')}`,
      { headers: { 'x-user': 'alice' } },
    ],
    ['a mutation with a JSON body', 'echo', json(JSON.stringify({ json: { text: 'hi' } }))],
    ['invalid input', 'echo', json(JSON.stringify({ json: { text: 'far too long a text' } }))],
    ['a body that is not JSON', 'echo', json('{nope')],
    ['a body over the limit', 'echo', json(JSON.stringify({ json: { text: 'x'.repeat(MAX_BODY) } }))],
    ['a batch over the limit', `health,health,health,health?batch=1&input=${encodeURIComponent('{}')}`, {}],
    ['an unknown procedure', 'nope', {}],
    ['a query sent as POST', 'health', json('{}')],
    ['an error with response headers', 'whoami', {}],
    ['an internal error', 'boom', {}],
    ['a HEAD request', 'health', { method: 'HEAD' }],
  ] as Array<[string, string, RequestInit]>)('%s', async (_name, path, init) => {
    const { bridge, trpc } = await both(path, init);
    expect(bridge).toEqual(trpc);
  });

  it('refuses a batch over maxBatchSize whatever else the query repeats', async () => {
    const path = `health,health,health,health?batch=1&batch=1&input=${encodeURIComponent('{}')}`;
    const res = await fetch(`${urlOf(servers.bridge)}/trpc/${path}`);
    expect(res.status).toBe(400);
  });

  it('passes the Express request to onError', async () => {
    errors.length = 0;
    await fetch(`${urlOf(servers.bridge)}/trpc/boom`);
    expect(errors).toEqual([{ code: 'INTERNAL_SERVER_ERROR', hasExpressReq: true }]);
  });

  it('refuses a streamed body (no Content-Length) once it passes the limit', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${urlOf(servers.bridge)}/trpc/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => resolve(res.statusCode ?? 0)).on('error', reject);
      req.write('{"json":{"text":"');
      req.write('x'.repeat(MAX_BODY));
      req.end('"}}');
    });
    expect(status).toBe(413);
  });
});

describe('trpcBridge streams subscriptions', () => {
  it('sends SSE events as they come, and aborts the procedure when the client leaves', async () => {
    aborted.length = 0;
    const controller = new AbortController();
    const res = await fetch(`${urlOf(servers.bridge)}/trpc/ticks`, {
      headers: { accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('"json":2')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"json":0');
    expect(text).toContain('"json":1');
    controller.abort();
    await expect.poll(() => aborted).toEqual(['ticks']);
  });
});
