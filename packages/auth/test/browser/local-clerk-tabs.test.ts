// @vitest-environment happy-dom
/**
 * Two tabs of one browser: two LocalClerk instances over the same localStorage. The browser tells every
 * other tab of a change with a `storage` event; here it is dispatched by hand after each change (one
 * window stands for both tabs, and the tab that made the change must ignore it too).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LocalClerk } from '../../src/browser';
import { fakeDevAuth } from './fake-dev-auth';

const KEY = 'gatehouse.local-session';
const instances: LocalClerk[] = [];
const dev = fakeDevAuth();

function tab() {
  const clerk = new LocalClerk({ apiUrl: 'http://api.test', fetch: dev.fetch });
  instances.push(clerk);
  return clerk;
}

/** What the browser does in the other tabs after one changed the saved session. */
function announce() {
  const newValue = localStorage.getItem(KEY);
  window.dispatchEvent(new StorageEvent('storage', { key: KEY, newValue, storageArea: localStorage }));
}

const who = (clerk: LocalClerk) => ({
  userId: clerk.user?.id ?? null,
  orgId: clerk.organization?.id ?? null,
});

/** Resolves at the next emitted state of `clerk` that satisfies `done`. */
function until(clerk: LocalClerk, done: (clerk: LocalClerk) => boolean) {
  return new Promise<void>((resolve) => {
    const stop = clerk.addListener(() => {
      if (!done(clerk)) return;
      stop();
      resolve();
    });
  });
}

afterEach(() => {
  for (const instance of instances.splice(0)) instance.destroy();
  localStorage.clear();
  dev.mints.length = 0;
});

describe('LocalClerk in two tabs', () => {
  it('a sign-out in one tab signs the other out at once, without a request', async () => {
    const [first, second] = [tab(), tab()];
    await first.load();
    await first.signInAsPersona('user_alice');
    await second.load();
    expect(who(second)).toEqual({ userId: 'user_alice', orgId: null });
    const mints = dev.mints.length;

    await first.signOut();
    announce();
    expect(second.isSignedIn).toBe(false);
    expect(await second.session?.getToken()).toBeUndefined();
    expect(dev.mints).toHaveLength(mints);
  });

  it('a sign-in as someone else: the other tab drops the old user first, then follows', async () => {
    const [first, second] = [tab(), tab()];
    await first.load();
    await first.signInAsPersona('user_alice');
    await second.load();
    const seen: string[] = [];
    second.addListener(() => seen.push(who(second).userId ?? 'signed out'), { skipInitialEmit: true });

    await first.signInAsPersona('user_dave'); // one organization: lands in it
    expect(who(first)).toEqual({ userId: 'user_dave', orgId: 'org_globex' });
    const followed = until(second, (clerk) => clerk.user?.id === 'user_dave');
    announce();
    await followed;
    expect(who(second)).toEqual({ userId: 'user_dave', orgId: 'org_globex' });
    expect(seen).toEqual(['signed out', 'user_dave']);
  });

  it('an organization switch reaches the other tab, which keeps its own session', async () => {
    const [first, second] = [tab(), tab()];
    await first.load();
    await first.signInAsPersona('user_alice');
    await second.load();
    const sessionId = second.session?.id;

    await first.setActive({ organization: 'org_acme' });
    const followed = until(second, (clerk) => clerk.organization?.id === 'org_acme');
    announce();
    await followed;
    expect(second.session?.id).toBe(sessionId);
    expect(dev.mints.at(-1)).toMatchObject({ userId: 'user_alice', orgId: 'org_acme', sessionId });
  });
});
