/**
 * The local instance's token life cycle: cache while fresh, `skipCache` and concurrent callers,
 * refresh before the 60 s expiry, and sign-out when the issuer refuses a refresh.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalClerk } from '../../src/browser';
import { fakeDevAuth } from './fake-dev-auth';

const instances: LocalClerk[] = [];
async function signedIn(userId = 'user_alice') {
  const dev = fakeDevAuth();
  const clerk = new LocalClerk({ apiUrl: 'http://api.test', fetch: dev.fetch, storage: null });
  instances.push(clerk);
  await clerk.load();
  await clerk.signInAsPersona(userId);
  return { clerk, dev, session: clerk.session! };
}

afterEach(() => {
  for (const instance of instances.splice(0)) instance.destroy();
  vi.useRealTimers();
});

describe('LocalClerk tokens', () => {
  it('hands out the cached token while it is fresh, and a new one with skipCache', async () => {
    const { dev, session } = await signedIn();
    const first = await session.getToken();
    expect(await session.getToken()).toBe(first);
    expect(dev.mints).toHaveLength(1);

    const fresh = await session.getToken({ skipCache: true });
    expect(fresh).not.toBe(first);
    expect(dev.mints).toHaveLength(2);
    expect(await session.getToken()).toBe(fresh);
  });

  it('keeps one session: refreshes and org switches pass its sessionId back', async () => {
    const { clerk, dev, session } = await signedIn();
    await session.getToken({ skipCache: true });
    await clerk.setActive({ organization: 'org_acme' });
    const sessionId = clerk.session?.id;
    expect(sessionId).toMatch(/^sess_user_alice_/);
    expect(dev.mints).toEqual([
      { userId: 'user_alice', orgId: null },
      { userId: 'user_alice', orgId: null, sessionId },
      { userId: 'user_alice', orgId: 'org_acme', sessionId },
    ]);
    expect(clerk.session?.lastActiveToken.jwt.claims.sid).toBe(sessionId);
  });

  it('shares one mint between concurrent skipCache callers', async () => {
    const { dev, session } = await signedIn();
    const tokens = await Promise.all([
      session.getToken({ skipCache: true }),
      session.getToken({ skipCache: true }),
    ]);
    expect(tokens[0]).toBe(tokens[1]);
    expect(dev.mints).toHaveLength(2); // sign-in + one shared refresh
  });

  it('never hands out a refresh started before an org switch as the new org’s token', async () => {
    const { clerk, session } = await signedIn();
    const before = session.getToken({ skipCache: true }); // in flight while the switch happens
    await clerk.setActive({ organization: 'org_acme' });
    const after = await clerk.session!.getToken({ skipCache: true });
    const orgOf = (token: string | null) =>
      JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString()).o?.id ?? null;
    expect(orgOf(await before)).toBeNull();
    expect(orgOf(after)).toBe('org_acme');
    expect(clerk.session!.lastActiveToken.jwt.claims.o).toMatchObject({ id: 'org_acme' });
  });

  it('mints a one-off token for another org without switching', async () => {
    const { clerk, dev, session } = await signedIn();
    await session.getToken({ organizationId: 'org_acme' });
    expect(dev.mints.at(-1)).toMatchObject({ userId: 'user_alice', orgId: 'org_acme' });
    expect(clerk.organization).toBeNull();
  });

  it('refreshes a 60 s token 15 s before it expires, and emits the new claims', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { clerk, dev, session } = await signedIn();
    const before = session.lastActiveToken.jwt.claims.jti;
    const emitted: unknown[] = [];
    clerk.addListener((resources) => emitted.push(resources.session?.lastActiveToken.jwt.claims.jti), {
      skipInitialEmit: true,
    });

    await vi.advanceTimersByTimeAsync(44_000);
    expect(dev.mints).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(dev.mints).toHaveLength(2);
    const after = clerk.session!.lastActiveToken.jwt.claims.jti;
    expect(after).not.toBe(before);
    expect(emitted).toEqual([after]);

    await vi.advanceTimersByTimeAsync(45_000);
    expect(dev.mints).toHaveLength(3); // and again for the next token
  });

  it('signs out when the issuer refuses the refresh', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { clerk, dev } = await signedIn();
    dev.failWith = 403;
    await vi.advanceTimersByTimeAsync(45_000);
    expect(clerk.isSignedIn).toBe(false);
    expect(clerk.session).toBeNull();
  });

  it('keeps the session when the API is merely unreachable during a refresh', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { clerk, dev } = await signedIn();
    dev.failWith = 503;
    await vi.advanceTimersByTimeAsync(45_000);
    expect(clerk.isSignedIn).toBe(true);
  });

  it('explains a missing /dev/auth (API not in local mode)', async () => {
    const clerk = new LocalClerk({
      apiUrl: 'http://api.test',
      fetch: async () => new Response('Not Found', { status: 404 }),
      storage: null,
    });
    instances.push(clerk);
    await expect(clerk.listPersonas()).rejects.toThrow(/AUTH_MODE=local/);
  });
});
