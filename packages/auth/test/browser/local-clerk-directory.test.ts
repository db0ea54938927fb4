/**
 * The local instance follows the directory: someone removed from the active organization is moved to
 * their personal account (told why) at their next token — by the refresh timer, by a fresh token a
 * live stream asks for, or when a saved session is restored — and is never signed out for it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalClerk } from '../../src/browser';
import { fakeDevAuth, memoryStorage } from './fake-dev-auth';

const instances: LocalClerk[] = [];
function localClerk(dev = fakeDevAuth(), storage = memoryStorage()) {
  const clerk = new LocalClerk({ apiUrl: 'http://api.test', fetch: dev.fetch, storage });
  instances.push(clerk);
  return { clerk, dev, storage };
}

async function bobInAcme() {
  const made = localClerk();
  await made.clerk.load();
  await made.clerk.signInAsPersona('user_bob');
  expect(made.clerk.organization?.id).toBe('org_acme');
  return made;
}

afterEach(() => {
  for (const instance of instances.splice(0)) instance.destroy();
  vi.useRealTimers();
});

const ENDED = /membership of that organization has ended/;

describe('LocalClerk after a removal from the active organization', () => {
  it('moves to the personal account at the next scheduled refresh', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { clerk, dev } = await bobInAcme();
    dev.leave('user_bob', 'org_acme');
    await vi.advanceTimersByTimeAsync(45_000);
    await vi.waitFor(() => expect(clerk.organization).toBeNull());
    expect(clerk.isSignedIn).toBe(true);
    expect(clerk.notice).toMatch(ENDED);
    expect(clerk.user?.organizationMemberships).toEqual([]);
    expect(dev.mints.at(-1)).toMatchObject({ userId: 'user_bob', orgId: null });
  });

  it('moves out when a fresh token (a stream reconnecting) is refused, and never mints one for the org', async () => {
    const { clerk, dev } = await bobInAcme();
    dev.leave('user_bob', 'org_acme');
    const minted = dev.mints.length;
    await expect(clerk.session!.getToken({ skipCache: true })).rejects.toThrow(/not a member/);
    await vi.waitFor(() => expect(clerk.organization).toBeNull());
    expect(dev.mints.slice(minted).every((mint) => mint.orgId === null)).toBe(true);
    expect(await clerk.session!.getToken()).toBeTruthy();
  });

  it('restores a saved session in the personal account when the org is gone', async () => {
    const first = await bobInAcme();
    first.dev.leave('user_bob', 'org_acme');
    const again = localClerk(first.dev, first.storage);
    await again.clerk.load();
    expect(again.clerk.isSignedIn).toBe(true);
    expect(again.clerk.organization).toBeNull();
    expect(again.clerk.notice).toMatch(ENDED);
  });
});
