/**
 * The token life cycle on its own, with a stand-in owner: when a token is handed out again, re-minted or
 * dropped, and what a refused scheduled refresh does. LocalClerk's use of it: local-clerk-tokens.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DevAuthError } from '../../src/browser';
import type { MintedToken } from '../../src/browser/dev-auth-types';
import { type RefreshOwner, SessionTokenRefresh } from '../../src/browser/session-token-refresh';

type State = { token: MintedToken };

function minted(raw: string, lifetimeMs = 60_000): MintedToken {
  return { raw, sessionId: 'sess_1', claims: {}, receivedAtMs: Date.now(), lifetimeMs };
}

function setUp(mint: (count: number) => Promise<MintedToken> = async (count) => minted(`t${count}`)) {
  const owner = {
    mints: 0,
    gen: 0,
    current: null as State | null,
    refreshed: [] as string[],
    events: [] as string[],
  };
  const hooks: RefreshOwner<State> = {
    generation: () => owner.gen,
    isCurrent: (state) => owner.current === state,
    mint: () => {
      owner.mints += 1;
      return mint(owner.mints);
    },
    refreshed: (token) => owner.refreshed.push(token.raw),
    removedFromOrg: () => owner.events.push('removedFromOrg'),
    refusedForGood: () => owner.events.push('refusedForGood'),
  };
  return { owner, refresh: new SessionTokenRefresh(hooks, 15_000) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('SessionTokenRefresh', () => {
  it('hands out a token with 10 s left, re-mints below that or on skipCache, once for all callers', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { owner, refresh } = setUp();
    const state = { token: minted('t0') };
    expect(refresh.token(state)).toBe(state.token);
    const [a, b] = await Promise.all([refresh.token(state, true), refresh.token(state, true)]);
    expect([a, b].map((token) => token.raw)).toEqual(['t1', 't1']);
    expect(owner.mints).toBe(1);

    vi.advanceTimersByTime(50_001);
    expect((await refresh.token(state)).raw).toBe('t2');
    expect(owner.refreshed).toEqual(['t1', 't2']);
  });

  it('never accepts a mint begun before the session changed', async () => {
    let release: (token: MintedToken) => void = () => {};
    const { owner, refresh } = setUp(() => new Promise((resolve) => (release = resolve)));
    const pending = refresh.refresh({ token: minted('t0') });
    owner.gen += 1; // a sign-out, switch or sign-in meanwhile
    release(minted('late'));
    await pending;
    expect(owner.refreshed).toEqual([]);
  });

  it('re-mints 15 s before expiry while the state is in use; a 4xx ends the session, a 5xx does not', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let failWith: number | null = null;
    const { owner, refresh } = setUp(async () => {
      if (failWith) throw new DevAuthError('refused', failWith);
      return minted('fresh');
    });
    owner.current = { token: minted('t0') };
    refresh.schedule(owner.current);
    await vi.advanceTimersByTimeAsync(44_999);
    expect(owner.mints).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(owner.refreshed).toEqual(['fresh']);

    failWith = 503;
    refresh.schedule(owner.current);
    await vi.advanceTimersByTimeAsync(45_000);
    expect(owner.events).toEqual([]);
    failWith = 403;
    refresh.schedule(owner.current);
    await vi.advanceTimersByTimeAsync(45_000);
    expect(owner.events).toEqual(['refusedForGood']);

    refresh.schedule({ token: minted('not in use') });
    await vi.advanceTimersByTimeAsync(45_000);
    expect(owner.mints).toBe(3);
  });

  it('on not-a-member, the owner moves to the personal account and the session is kept', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { owner, refresh } = setUp(async () => {
      throw new DevAuthError('gone', 403, 'not-a-member');
    });
    owner.current = { token: minted('t0') };
    refresh.schedule(owner.current);
    await vi.advanceTimersByTimeAsync(45_000);
    expect(owner.events).toEqual(['removedFromOrg']);
  });
});
