import type { AppRouter } from '@gatehouse/api-contract';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createLocalJWKSet, jwtVerify } from 'jose';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { errorOf, query } from '../support/http';
import { RATE_LIMITS_OFF, useTestServer } from '../support/test-server';

/** Local mode (the default): the issuer's routes and persona tokens, end to end through the API. */
const AZP = 'http://localhost:5173';
const server = useTestServer({ env: { ...RATE_LIMITS_OFF, CORS_ORIGINS: AZP } });

function postToken(body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return fetch(`${server.url}/dev/auth/token`, {
    method: 'POST',
    headers: { origin: AZP, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

interface Minted {
  token: string;
  expiresAt: number;
  sessionId: string;
}
// biome-ignore lint/suspicious/noExplicitAny: JSON bodies, inspected by the assertions
const json = (res: Response): Promise<any> => res.json();

async function mint(userId: string, orgId?: string): Promise<Minted> {
  const res = await postToken({ userId, ...(orgId ? { orgId } : {}) });
  expect(res.status).toBe(200);
  return json(res);
}

describe('GET /dev/auth/personas', () => {
  it('lists the personas with what a Clerk-like client needs, readable by the SPA origin', async () => {
    const res = await fetch(`${server.url}/dev/auth/personas`, { headers: { origin: AZP } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(AZP);
    const { personas } = await json(res);
    expect(personas.map((p: { userId: string }) => p.userId)).toEqual([
      'user_alice',
      'user_bob',
      'user_carol',
      'user_dave',
    ]);
    expect(personas[0]).toEqual({
      userId: 'user_alice',
      name: 'Alice Admin',
      firstName: 'Alice',
      lastName: 'Admin',
      email: 'alice@acme.test',
      imageUrl: null,
      publicMetadata: { tier: 'pro' },
      plan: 'pro',
      invitations: [],
      memberships: [
        {
          orgId: 'org_acme',
          orgSlug: 'acme',
          orgName: 'Acme',
          role: 'org:admin',
          permissions: ['org:tasks:create', 'org:tasks:read', 'org:tasks:update', 'org:tasks:delete'],
        },
        {
          orgId: 'org_globex',
          orgSlug: 'globex',
          orgName: 'Globex',
          role: 'org:member',
          permissions: ['org:tasks:create', 'org:tasks:read', 'org:tasks:update'],
        },
      ],
    });
  });
});

describe('POST /dev/auth/token', () => {
  it('mints a 60 s token that `me` and `org.current` read back exactly', async () => {
    const minted = await mint('user_alice', 'org_acme');
    expect(minted.expiresAt - Math.floor(Date.now() / 1000)).toBeGreaterThan(50);
    const me = await query(server, 'me', { token: minted.token });
    expect(me.body.result.data.json).toEqual({
      userId: 'user_alice',
      sessionId: minted.sessionId,
      orgId: 'org_acme',
      orgRole: 'org:admin',
      orgSlug: 'acme',
      orgPermissions: ['org:tasks:create', 'org:tasks:read', 'org:tasks:update', 'org:tasks:delete'],
    });
    const org = await query(server, 'org.current', { token: minted.token });
    expect(org.body.result.data.json).toMatchObject({ id: 'org_acme', slug: 'acme', role: 'org:admin' });
  });

  it('is not cacheable, and a refresh keeps the session id', async () => {
    const res = await postToken({ userId: 'user_bob' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    const first: Minted = await json(res);
    const refreshed: Minted = await json(
      await postToken({ userId: 'user_bob', orgId: 'org_acme', sessionId: first.sessionId }),
    );
    expect(refreshed.sessionId).toBe(first.sessionId);
    expect(refreshed.token).not.toBe(first.token);
  });

  it('refuses an org the persona is not a member of (403), an unknown persona (404), a bad body (400)', async () => {
    const notMember = await postToken({ userId: 'user_dave', orgId: 'org_acme' });
    expect(notMember.status).toBe(403);
    expect(await notMember.json()).toMatchObject({
      error: { code: 'FORBIDDEN', reason: 'not-a-member', message: 'user_dave is not a member of org_acme' },
    });
    const unknown = await postToken({ userId: 'user_mallory' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { reason: 'unknown-persona' } });
    for (const bad of [{}, { userId: 42 }, { userId: 'user_bob', sessionId: 'not a session' }]) {
      const res = await postToken(bad);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { reason: 'invalid-body' } });
    }
    expect((await postToken('{"userId":', { 'content-type': 'application/json' })).status).toBe(400);
    expect(
      (await postToken('userId=user_bob', { 'content-type': 'application/x-www-form-urlencoded' })).status,
    ).toBe(400);
  });
});

describe('GET /dev/auth/.well-known/jwks.json', () => {
  it('publishes the key that verifies the minted tokens', async () => {
    const jwks = await json(await fetch(`${server.url}/dev/auth/.well-known/jwks.json`));
    const { token } = await mint('user_carol');
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      algorithms: ['RS256'],
    });
    expect(payload.sub).toBe('user_carol');
    expect(protectedHeader.kid).toBe(jwks.keys[0].kid);
  });
});

describe('persona tokens through a tRPC client (the SPA’s link)', () => {
  it('a batched `me` + `org.current` works with the Bearer header', async () => {
    const { token } = await mint('user_dave', 'org_globex');
    const client = createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: `${server.url}/trpc`,
          transformer: superjson,
          headers: () => ({ authorization: `Bearer ${token}` }),
        }),
      ],
    });
    const [me, org] = await Promise.all([client.me.query(), client.org.current.query()]);
    expect(me).toMatchObject({ userId: 'user_dave', orgId: 'org_globex', orgRole: 'org:admin' });
    expect(org).toMatchObject({ id: 'org_globex', slug: 'globex', role: 'org:admin' });
  });

  it('carol (no org) gets 403 no-active-organization from org.current', async () => {
    const { token } = await mint('user_carol');
    expect(errorOf(await query(server, 'org.current', { token }))).toEqual({
      httpStatus: 403,
      code: 'FORBIDDEN',
      reason: 'no-active-organization',
    });
  });
});
