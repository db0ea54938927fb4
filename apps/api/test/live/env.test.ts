import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/env';

describe('LIVE_REDIS_PREFIX', () => {
  it('defaults to gatehouse:live: and takes a prefix of Redis-safe characters', () => {
    expect(loadEnv({}).LIVE_REDIS_PREFIX).toBe('gatehouse:live:');
    expect(loadEnv({ LIVE_REDIS_PREFIX: 'staging:live:' }).LIVE_REDIS_PREFIX).toBe('staging:live:');
    // empty counts as unset, as for every variable
    expect(loadEnv({ LIVE_REDIS_PREFIX: '' }).LIVE_REDIS_PREFIX).toBe('gatehouse:live:');
  });

  it('refuses anything else at start-up, naming the variable', () => {
    for (const value of ['has space', 'x'.repeat(65), 'star*']) {
      expect(() => loadEnv({ LIVE_REDIS_PREFIX: value })).toThrow(/LIVE_REDIS_PREFIX: 1-64 letters/);
    }
  });
});
