/**
 * Metrics whose values live elsewhere — the verified-token cache, the JWKS key store, open streams, the
 * database pool — read when Prometheus scrapes, so that they cost nothing per request.
 */
import type { Authenticator } from '@gatehouse/auth/server';
import type { DatabaseHandle } from '@gatehouse/db';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Metrics } from './metrics';

export interface MetricSources {
  database: Pick<DatabaseHandle, 'poolUsage'>;
  authenticator: Pick<Authenticator, 'stats' | 'cached' | 'keyStore'>;
}

/** A counter kept by someone else, exposed as a Prometheus counter. */
function mirroredCounter(registers: Registry[], name: string, help: string, read: () => number) {
  return new Counter({
    name,
    help,
    registers,
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

export function registerReadAtScrape(
  registers: Registry[],
  { database, authenticator }: MetricSources,
  streams: Metrics['streams'],
): void {
  const { stats } = authenticator;
  mirroredCounter(
    registers,
    'gatehouse_token_cache_hits_total',
    'Verified-token cache hits',
    () => stats.cacheHits,
  );
  mirroredCounter(
    registers,
    'gatehouse_token_cache_misses_total',
    'Verified-token cache misses (full verifications)',
    () => stats.verifications,
  );
  mirroredCounter(
    registers,
    'gatehouse_token_cache_joins_total',
    'Requests that joined a verification of the same token already under way',
    () => stats.inFlightJoins,
  );
  new Gauge({
    name: 'gatehouse_token_cache_entries',
    help: 'Entries in the verified-token cache',
    registers,
    collect() {
      this.set(authenticator.cached);
    },
  });
  const keyStore = authenticator.keyStore;
  if (keyStore) {
    mirroredCounter(registers, 'gatehouse_jwks_fetches_total', 'JWKS fetches', () => keyStore.stats.fetches);
    mirroredCounter(
      registers,
      'gatehouse_jwks_fetch_failures_total',
      'JWKS fetches that failed (the previous keys were kept)',
      () => keyStore.stats.failures,
    );
    new Gauge({
      name: 'gatehouse_jwks_key_age_seconds',
      help: 'Age of the signing keys held (since the last successful JWKS fetch)',
      registers,
      collect() {
        const age = keyStore.keysAgeMs;
        if (age === null) this.reset();
        else this.set(age / 1000);
      },
    });
  }

  new Gauge({
    name: 'gatehouse_sse_streams_open',
    help: 'Server-Sent Event streams open (tasks.onChange)',
    registers,
    collect() {
      let open = 0;
      for (const res of streams)
        if (res.headersSent && String(res.getHeader('content-type')).startsWith('text/event-stream'))
          open += 1;
      this.set(open);
    },
  });
  new Gauge({
    name: 'gatehouse_db_pool_connections',
    help: 'Postgres pool connections by state (in_use, idle), and queries waiting for one',
    labelNames: ['state'],
    registers,
    collect() {
      const usage = database.poolUsage();
      if (!usage) return;
      this.set({ state: 'in_use' }, usage.total - usage.idle);
      this.set({ state: 'idle' }, usage.idle);
      this.set({ state: 'waiting' }, usage.waiting);
    },
  });
}
