import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Fixes `Date` at a whole second during each test of the calling file, so claim times relative to it
 * hit the verifier's skew boundaries exactly. Returns that second (epoch seconds).
 */
export function useFixedClock(at = Date.UTC(2030, 0, 1, 12, 0, 0)): number {
  beforeEach(() => {
    vi.setSystemTime(at);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  return at / 1000;
}
