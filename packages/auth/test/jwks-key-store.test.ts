import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { publicKeyPemFromPem } from '../src/server';
import { JwksKeyStore } from '../src/server/jwks-key-store';
import { createClerkTestInstance } from '../src/server/testing';

const current = createClerkTestInstance({ kid: 'kid_current' });
const rotated = createClerkTestInstance({ kid: 'kid_rotated' });
const CURRENT_JWKS = { keys: [current.jwk] };
const ROTATED_JWKS = { keys: [rotated.jwk] };

/** A scripted JWKS endpoint and clock: every fetch is counted; the answer can change between calls. */
function harness(options: { cooldownMs?: number; refreshIntervalMs?: number; fetchTimeoutMs?: number } = {}) {
  const state = {
    now: 1_000_000,
    fetches: 0,
    answer: (): Promise<Response> => Promise.resolve(Response.json(CURRENT_JWKS)),
  };
  const store = new JwksKeyStore({
    url: 'https://clerk.example.test/.well-known/jwks.json',
    cooldownMs: options.cooldownMs ?? 10_000,
    refreshIntervalMs: options.refreshIntervalMs ?? 300_000,
    fetchTimeoutMs: options.fetchTimeoutMs ?? 3_000,
    now: () => state.now,
    fetch: () => {
      state.fetches += 1;
      return state.answer();
    },
  });
  const down = () => Promise.reject(new TypeError('fetch failed: ECONNREFUSED'));
  return { state, store, down };
}

describe('JwksKeyStore', () => {
  it('resolves a kid to the canonical PEM of its key', async () => {
    const { store } = harness();
    expect(await store.getKey('kid_current')).toEqual({
      ok: true,
      pem: publicKeyPemFromPem(current.publicKeyPem),
    });
  });

  it('cold start with the JWKS down → jwks-unavailable, retried only after the cooldown', async () => {
    const { state, store, down } = harness();
    state.answer = down;
    expect(await store.getKey('kid_current')).toEqual({ ok: false, reason: 'jwks-unavailable' });
    expect(await store.getKey('kid_current')).toEqual({ ok: false, reason: 'jwks-unavailable' });
    expect(state.fetches).toBe(1);

    state.now += 10_000;
    state.answer = () => Promise.resolve(Response.json(CURRENT_JWKS));
    expect((await store.getKey('kid_current')).ok).toBe(true);
    expect(state.fetches).toBe(2);
  });

  it('single-flight: concurrent misses share one fetch', async () => {
    const { state, store } = harness();
    const results = await Promise.all(Array.from({ length: 20 }, () => store.getKey('kid_current')));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(state.fetches).toBe(1);
  });

  it('unknown-kid storm: at most one fetch per cooldown, and 401 (not 503) while the JWKS is healthy', async () => {
    const { state, store } = harness();
    await store.getKey('kid_current');
    for (let i = 0; i < 100; i += 1) {
      expect(await store.getKey(`kid_random_${i}`)).toEqual({ ok: false, reason: 'jwk-unknown-kid' });
    }
    expect(state.fetches).toBe(1);

    state.now += 10_000;
    const storm = await Promise.all(Array.from({ length: 100 }, (_, i) => store.getKey(`kid_storm_${i}`)));
    expect(storm.every((result) => !result.ok && result.reason === 'jwk-unknown-kid')).toBe(true);
    expect(state.fetches).toBe(2);
    expect((await store.getKey('kid_current')).ok).toBe(true);
  });

  it('stale-if-error: an outage keeps the cached key working, refreshing at most once per cooldown', async () => {
    const { state, store, down } = harness();
    await store.getKey('kid_current');
    state.answer = down;
    state.now += 300_000; // keys are now due for a refresh
    expect((await store.getKey('kid_current')).ok).toBe(true);
    await store.refresh(); // joins the background refresh the lookup started
    expect(state.fetches).toBe(2);
    expect(store.stats.failures).toBe(1);
    expect((await store.getKey('kid_current')).ok).toBe(true);
    expect(state.fetches).toBe(2);
    // an unknown kid during the outage cannot be vouched for either way: 503, not 401
    expect(await store.getKey('kid_unknown')).toEqual({ ok: false, reason: 'jwks-unavailable' });
  });

  it('key rotation: a successful fetch replaces the set', async () => {
    const { state, store } = harness();
    await store.getKey('kid_current');
    state.answer = () => Promise.resolve(Response.json(ROTATED_JWKS));
    state.now += 10_000;
    expect((await store.getKey('kid_rotated')).ok).toBe(true);
    expect(store.kids).toEqual(['kid_rotated']);
    expect(await store.getKey('kid_current')).toEqual({ ok: false, reason: 'jwk-unknown-kid' });
  });

  it('gives up on a hanging JWKS after the fetch timeout', async () => {
    let fetches = 0;
    const store = new JwksKeyStore({
      url: 'https://clerk.example.test/.well-known/jwks.json',
      fetchTimeoutMs: 50,
      // never answers; rejects when the store's timeout signal fires, as undici's fetch does
      fetch: (_input, init) => {
        fetches += 1;
        return new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        });
      },
    });
    expect(await store.getKey('kid_current')).toEqual({ ok: false, reason: 'jwks-unavailable' });
    expect(fetches).toBe(1);
  });

  it.each([
    ['a 500', () => Promise.resolve(new Response('oops', { status: 500 }))],
    ['not JSON', () => Promise.resolve(new Response('<html>', { status: 200 }))],
    ['JSON null', () => Promise.resolve(Response.json(null))],
    ['no keys array', () => Promise.resolve(Response.json({ keys: 'x' }))],
    ['only unusable keys', () => Promise.resolve(Response.json({ keys: unusableKeys() }))],
  ])('treats %s as a JWKS failure (503), never a crash', async (_label, answer) => {
    const { state, store } = harness();
    state.answer = answer;
    expect(await store.getKey('kid_current')).toEqual({ ok: false, reason: 'jwks-unavailable' });
  });

  it('skips unusable keys next to usable ones', async () => {
    const { state, store } = harness();
    state.answer = () => Promise.resolve(Response.json({ keys: [...unusableKeys(), ...CURRENT_JWKS.keys] }));
    expect((await store.getKey('kid_current')).ok).toBe(true);
    expect(store.kids).toEqual(['kid_current']);
  });
});

function unusableKeys() {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
  const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
  return [
    { ...ec, kid: 'kid_ec' },
    { ...small, kid: 'kid_rsa1024' },
    { ...current.jwk, kid: 'kid_enc', use: 'enc' },
    { ...current.jwk, kid: 'kid_rs512', alg: 'RS512' },
    { kty: 'RSA', kid: 'kid_broken', n: '!!', e: 'AQAB' },
    'not-an-object',
  ];
}
