import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/test-server';

const t = useTestServer();

type LogLine = Record<string, unknown> & {
  req?: { method: string; path: string };
  res?: { statusCode: number };
};
const lineFor = (requestId: string) =>
  t.waitForLog(
    (line) => line.requestId === requestId && line.msg === 'request completed',
  ) as Promise<LogLine>;

describe('request id', () => {
  it('echoes a sane incoming x-request-id', async () => {
    const res = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'lb-7f3a.42:abc' } });
    expect(res.headers.get('x-request-id')).toBe('lb-7f3a.42:abc');
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['spaces and markup', 'a b<script>'],
    ['a JSON fragment', '","level":60,"x":"'],
  ])('replaces an insane one (%s) with a fresh UUID', async (_label, incoming) => {
    const res = await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': incoming } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is exposed to the SPA through CORS', async () => {
    const res = await fetch(`${t.url}/healthz`, { headers: { origin: 'http://localhost:5173' } });
    expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });
});

describe('error responses', () => {
  it('answers an unknown route with a JSON 404 carrying the request id', async () => {
    const res = await fetch(`${t.url}/no/such/route`, { method: 'POST' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'Not found',
        reason: null,
        requestId: res.headers.get('x-request-id'),
      },
    });
  });

  it('puts the request id into tRPC error data', async () => {
    const res = await fetch(`${t.url}/trpc/no.such.procedure`, { headers: { 'x-request-id': 'trace-1' } });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { json: { data: { requestId: string } } } };
    expect(body.error.json.data.requestId).toBe('trace-1');
  });

  it.each([
    ['a path with invalid percent-encoding', '/trpc/%E0%A4%A'],
    ['a batch mixing a query and a mutation', '/trpc/health,notes.create?batch=1&input=%7B%7D'],
  ])('labels tRPC errors raised before the calls as JSON: %s', async (_label, path) => {
    const res = await fetch(`${t.url}${path}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as { error: { json: { data: { code: string } } } };
    expect(body.error.json.data.code).toBe('BAD_REQUEST');
  });

  it('includes tRPC stacks outside production (production-errors.test.ts proves they go away)', async () => {
    const res = await fetch(`${t.url}/trpc/no.such.procedure`);
    const body = (await res.json()) as { error: { json: { data: { stack?: unknown } } } };
    expect(typeof body.error.json.data.stack).toBe('string');
  });

  it('sets the security headers of a JSON API', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});

describe('structured logs', () => {
  it('logs method, path, procedure, status, duration and the request id, one JSON line per request', async () => {
    await fetch(`${t.url}/trpc/health?input=%7B%22email%22%3A%22a%40b.c%22%7D`, {
      headers: { 'x-request-id': 'log-1' },
    });
    const line = await lineFor('log-1');
    expect(line).toMatchObject({
      req: { method: 'GET', path: '/trpc/health' },
      res: { statusCode: 200 },
      procedure: 'health',
      userId: null,
      orgId: null,
    });
    expect(typeof line.responseTime).toBe('number');
    // The query string (tRPC inputs) is not logged.
    expect(t.rawLogs()).not.toContain('a@b.c');
  });

  it('logs the verified userId and orgId, never the token that proved them', async () => {
    const token = await t.localToken('user_alice', 'org_acme');
    const res = await fetch(`${t.url}/trpc/me`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'log-me' },
    });
    expect(res.status).toBe(200);
    expect(await lineFor('log-me')).toMatchObject({
      procedure: 'me',
      userId: 'user_alice',
      orgId: 'org_acme',
    });
    const signature = token.split('.')[2]!;
    expect(t.rawLogs()).not.toContain(signature);
  });

  it('never writes a token or a cookie, whatever the request carried', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyX2FsaWNlIn0.c2VjcmV0LXNpZ25hdHVyZQ';
    await fetch(`${t.url}/trpc/health`, {
      headers: { authorization: `Bearer ${token}`, cookie: `__session=${token}`, 'x-request-id': 'log-2' },
    });
    await fetch(`${t.url}/trpc/health`, {
      method: 'POST',
      headers: { cookie: `__session=${token}`, origin: 'https://evil.example', 'x-request-id': 'log-3' },
    });
    await lineFor('log-2');
    expect((await lineFor('log-3')).res?.statusCode).toBe(415);
    expect(t.rawLogs()).not.toContain(token);
    expect(t.rawLogs()).not.toContain('c2VjcmV0LXNpZ25hdHVyZQ');
    expect(t.rawLogs().toLowerCase()).not.toContain('authorization');
  });

  it('does not log successful health probes', async () => {
    await fetch(`${t.url}/healthz`, { headers: { 'x-request-id': 'probe-1' } });
    await fetch(`${t.url}/nope`, { headers: { 'x-request-id': 'after-probe' } });
    await lineFor('after-probe'); // written after the probe's line would have been
    expect(t.logs.some((line) => line.requestId === 'probe-1')).toBe(false);
  });
});
