import type { PoolUsage } from '@gatehouse/db';

/** A snapshot of what a long-running API process holds: what a soak compares at its start and end. */
export interface ProcessStats {
  rssBytes: number;
  heapUsedBytes: number;
  /** Active libuv handles and requests (sockets, timers, file handles…). */
  activeResources: number;
  /** Postgres pool connections; null on PGlite. */
  pool: PoolUsage | null;
  /** HTTP responses in flight, and the live streams among them. */
  requestsInFlight: number;
  openStreams: number;
}

export interface StatsSources {
  poolUsage(): PoolUsage | null;
  inFlight(): { requests: number; eventStreams: number };
}

export function processStats({ poolUsage, inFlight }: StatsSources): ProcessStats {
  const memory = process.memoryUsage();
  const { requests, eventStreams } = inFlight();
  return {
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    activeResources: process.getActiveResourcesInfo().length,
    pool: poolUsage(),
    requestsInFlight: requests,
    openStreams: eventStreams,
  };
}

/**
 * On SIGUSR2 the process writes one line `{"processStats": …}` to stderr: read by `pnpm bench --soak`
 * from outside, with no endpoint that could leak it to callers.
 */
export function reportStatsOnSignal(stats: () => ProcessStats): void {
  process.on('SIGUSR2', () => {
    process.stderr.write(`${JSON.stringify({ processStats: stats() })}\n`);
  });
}
