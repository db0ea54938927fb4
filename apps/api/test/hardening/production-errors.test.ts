import { createClerkTestInstance } from '@gatehouse/auth/testing';
import express from 'express';
import { describe, expect, it, vi } from 'vitest';

// tRPC decides whether error shapes carry a stack from NODE_ENV when the router is created, so the
// variable is set before the app's modules are first imported (each test file has its own modules).
vi.stubEnv('NODE_ENV', 'production');
const { useTestServer } = await import('../support/test-server');
const { errorHandler } = await import('../../src/http/fallbacks');
const { requestId } = await import('../../src/http/request-id');

// Production refuses the local issuer, so this runs in Clerk mode with a key of the test's own.
const t = useTestServer({ env: { NODE_ENV: 'production', ...createClerkTestInstance().apiEnv } });

describe('errors in production', () => {
  it('tRPC errors carry no stack', async () => {
    const res = await fetch(`${t.url}/trpc/no.such.procedure`);
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(JSON.parse(text).error.json.data).toMatchObject({
      code: 'NOT_FOUND',
      requestId: expect.any(String),
    });
    expect(text).not.toContain('stack');
    expect(text).not.toMatch(/\.ts:\d+/);
  });

  it('errors answered before tRPC carry no stack', async () => {
    const res = await fetch(`${t.url}/trpc/health`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(await res.text()).not.toContain('stack');
  });

  it('an unexpected exception becomes a generic JSON 500: no message, no stack', async () => {
    const app = express();
    app.use(requestId());
    app.get('/boom', () => {
      throw new Error('db password is hunter2');
    });
    app.use(errorHandler);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/boom`);
      expect(res.status).toBe(500);
      const body = await res.json();
      expect(body).toEqual({
        error: {
          code: 'INTERNAL_SERVER_ERROR',
          message: 'Internal server error',
          reason: null,
          requestId: res.headers.get('x-request-id'),
        },
      });
    } finally {
      server.close();
    }
  });
});
