import { createAuthenticator } from '@gatehouse/auth/server';
import { percentile } from './load';
import { clerk, sessionToken } from './tokens';

/**
 * Many distinct valid tokens through one authenticator (the API's defaults, cache bound included):
 * the verified-token cache must stay at its bound (an LRU: a flood of valid tokens evicts, it cannot
 * grow memory), and a cache hit must cost the same with the cache full as with it nearly empty.
 * In-process, because the cache and its counters live in the API's process; tokens are signed here
 * as they are needed (RSA signing dominates the run time: about 1 to 3 ms each on this machine).
 */
export interface TokenCacheFigures {
  distinctTokens: number;
  bound: number;
  cachedAtEnd: number;
  maxCached: number;
  verifications: number;
  /** ns per cache hit (one known token, `samples` calls), before the flood and after it. */
  hitNs: { early: { p50: number; p99: number }; full: { p50: number; p99: number } };
  heapUsedMb: { early: number; full: number };
}

async function hitLatency(authenticate: (token: string) => Promise<unknown>, token: string, samples: number) {
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const start = process.hrtime.bigint();
    await authenticate(token);
    times.push(Number(process.hrtime.bigint() - start));
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

export async function measureTokenCache(
  distinctTokens: number,
  samples = 20_000,
): Promise<TokenCacheFigures> {
  const config = clerk.authenticatorConfig();
  const authenticator = createAuthenticator(config);
  const authenticate = (token: string) => authenticator.authenticateToken(token);
  const known = sessionToken('sess_cache_known');
  await authenticate(known);
  const heap = () => process.memoryUsage().heapUsed / 1e6;
  const early = await hitLatency(authenticate, known, samples);
  const heapEarly = heap();
  let maxCached = 0;
  for (let i = 0; i < distinctTokens; i += 1) {
    const auth = await authenticate(sessionToken(`sess_flood_${i}`));
    if (!(auth as { isAuthenticated: boolean }).isAuthenticated) throw new Error('flood token refused');
    maxCached = Math.max(maxCached, authenticator.cached);
  }
  // The known token was evicted by the flood (least recently used): verified once more, then hit.
  await authenticate(known);
  const full = await hitLatency(authenticate, known, samples);
  return {
    distinctTokens,
    bound: config.cacheSize,
    cachedAtEnd: authenticator.cached,
    maxCached,
    verifications: authenticator.stats.verifications,
    hitNs: { early, full },
    heapUsedMb: { early: heapEarly, full: heap() },
  };
}
