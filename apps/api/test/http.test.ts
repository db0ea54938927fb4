import { describe, expect, it } from 'vitest';
import { useTestServer } from './support/test-server';

const api = useTestServer();

describe('HTTP', () => {
  it('GET /healthz answers 200', async () => {
    const res = await fetch(`${api.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /trpc/health answers the superjson-encoded result', async () => {
    const res = await fetch(`${api.url}/trpc/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: { data: { json: { status: 'ok' } } } });
  });

  it('allows the configured SPA origin and no other', async () => {
    const allowed = await fetch(`${api.url}/trpc/health`, { headers: { origin: 'http://localhost:5173' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const foreign = await fetch(`${api.url}/trpc/health`, { headers: { origin: 'https://evil.example' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers an unknown procedure with 404, not 500', async () => {
    const res = await fetch(`${api.url}/trpc/nope`);
    expect(res.status).toBe(404);
  });
});
