import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfGuard } from '../../src/http/csrf';
import { requestId } from '../../src/http/request-id';
import { useTestServer } from '../support/test-server';

const SPA = 'http://localhost:5173';
const COOKIE = '__session=eyJhbGciOiJSUzI1NiJ9.e30.c2ln';

/** A stand-in for any state-changing route: counts the requests that got past the guard. */
async function startCountingApp() {
  let effects = 0;
  const app = express();
  app.use(requestId(), csrfGuard([SPA]));
  app.post('/mutate', (_req, res) => {
    effects += 1;
    res.json({ ok: true });
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, effects: () => effects, close: () => server.close() };
}

describe('CSRF rule for cookie-authenticated mutations', () => {
  let counting: Awaited<ReturnType<typeof startCountingApp>>;
  beforeAll(async () => {
    counting = await startCountingApp();
  });
  afterAll(() => counting.close());

  const post = (headers: Record<string, string>) =>
    fetch(`${counting.url}/mutate`, { method: 'POST', headers });

  it('refuses a foreign Origin with 403 and no effect', async () => {
    const res = await post({ cookie: COOKIE, origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN', reason: 'cross-site-request' } });
    expect(counting.effects()).toBe(0);
  });

  it('refuses Origin: null (sandboxed frames, some redirects)', async () => {
    expect((await post({ cookie: COOKIE, origin: 'null' })).status).toBe(403);
  });

  it('refuses Sec-Fetch-Site: cross-site when no Origin was sent', async () => {
    expect((await post({ cookie: COOKIE, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(counting.effects()).toBe(0);
  });

  it('lets the allowed origin through', async () => {
    const before = counting.effects();
    const res = await post({ cookie: COOKIE, origin: SPA, 'sec-fetch-site': 'same-site' });
    expect(res.status).toBe(200);
    expect(counting.effects()).toBe(before + 1);
  });

  it('does not apply to bearer-token requests (a browser never attaches those by itself)', async () => {
    const res = await post({ cookie: COOKIE, authorization: 'Bearer abc', origin: 'https://evil.example' });
    expect(res.status).toBe(200);
  });

  it('does not apply without the session cookie, nor to safe methods', async () => {
    expect((await post({ cookie: 'theme=dark', origin: 'https://evil.example' })).status).toBe(200);
    const get = await fetch(`${counting.url}/mutate`, {
      headers: { cookie: COOKIE, origin: 'https://evil.example' },
    });
    expect(get.status).toBe(404); // reached routing: the guard let the GET through
  });

  it('guards every cookie authentication reads, however its name is spaced', async () => {
    for (const cookie of ['a=1; __session =tok', 'a=1;__session= tok', ' __session\t=tok; b=2']) {
      expect((await post({ cookie, origin: 'https://evil.example' })).status, cookie).toBe(403);
    }
  });

  it('leaves alone a cookie authentication does not read: it authenticates nothing', async () => {
    const res = await post({ cookie: 'a=1; __session_Ab3x=tok', origin: 'https://evil.example' });
    expect(res.status).toBe(200);
  });
});

describe('CSRF rule in the real app', () => {
  const t = useTestServer({ env: { CORS_ORIGINS: SPA } });

  it('answers a cross-site cookie mutation on /trpc with a tRPC-shaped 403', async () => {
    const res = await fetch(`${t.url}/trpc/health`, {
      method: 'POST',
      headers: { cookie: COOKIE, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { json: { data: Record<string, unknown> } } };
    expect(body.error.json.data).toMatchObject({ code: 'FORBIDDEN', reason: 'cross-site-request' });
    expect(body.error.json.data.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('a cross-site cookie-authenticated notes.create is refused and has no effect', async () => {
    const token = await t.localToken('user_bob');
    const create = (origin: string) =>
      fetch(`${t.url}/trpc/notes.create`, {
        method: 'POST',
        headers: { cookie: `__session=${token}`, origin, 'content-type': 'application/json' },
        body: JSON.stringify({ json: { title: 'planted', body: '' } }),
      });
    const listTitles = async () => {
      const res = await fetch(`${t.url}/trpc/notes.list`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { result: { data: { json: { items: Array<{ title: string }> } } } };
      return body.result.data.json.items.map((note) => note.title);
    };

    expect((await create('https://evil.example')).status).toBe(403);
    expect(await listTitles()).toEqual([]);
    // The same cookie from the SPA's origin works: the 403 above was the CSRF rule, not the cookie.
    expect((await create(SPA)).status).toBe(200);
    expect(await listTitles()).toEqual(['planted']);
  });

  it('lets the same request through from the SPA origin', async () => {
    const res = await fetch(`${t.url}/trpc/health`, {
      method: 'POST',
      headers: { cookie: COOKIE, origin: SPA, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(405); // tRPC's answer to POSTing a query: the guard did not stop it
  });
});
