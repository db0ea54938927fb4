import type { GrowthFigures } from './growth';
import type { TokenCacheFigures } from './token-cache';

/** Resident memory of each API, idle after start-up and after the load it served. */
export interface MemoryFigures {
  driver: string;
  idleRssMb: number;
  loadedRssMb: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const fixed = (value: number, digits = 0) => value.toFixed(digits);

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

export function formatGrowth(
  growth: GrowthFigures,
  cache: TokenCacheFigures,
  memory: MemoryFigures[],
): string {
  const batchBase = growth.batches[0]!;
  const batches = table(
    ['batch of N × me', 'req/s', 'CPU µs per call (hit)', '× N=1', 'CPU µs per request, new token each'],
    growth.batches.map((b) => [
      `N = ${b.size}`,
      fixed(b.hit.reqPerSec),
      fixed(b.hit.cpuMicrosPerCall),
      `${fixed(b.hit.cpuMicrosPerCall / batchBase.hit.cpuMicrosPerCall, 2)}×`,
      fixed(b.miss.cpuMicrosPerRequest),
    ]),
  );
  const lists = table(
    ['tasks.list, pages of 10', 'tasks in the org', 'p50 ms', 'p99 ms', 'req/s (4 connections)'],
    growth.lists.map((l) => [
      l.driver,
      String(l.orgTasks),
      fixed(l.p50Ms, 2),
      fixed(l.p99Ms, 2),
      fixed(l.reqPerSec),
    ]),
  );
  const plans = growth.plans
    .map(
      (p) =>
        `${p.driver}, ${p.tasks} tasks in the org (${p.indexBacked ? 'index-backed' : 'NOT index-backed'}):\n\n    ${p.plan.join('\n    ')}`,
    )
    .join('\n\n');
  const s = growth.streams;
  const streams = [
    `${s.streams} streams, retained after a full collection: JS heap ${fixed(mb(s.heapBeforeBytes), 1)} → ` +
      `${fixed(mb(s.heapOpenBytes), 1)} MB (${fixed(s.heapBytesPerStream / 1024, 1)} KB per stream), RSS ` +
      `${fixed(mb(s.rssBeforeBytes))} → ${fixed(mb(s.rssOpenBytes))} MB (${fixed(s.bytesPerStream / 1024, 1)} KB per stream); ` +
      `idle CPU ${fixed(s.idleCpuPercent, 1)} % of a core over ${s.idleSeconds} s.`,
    '',
    table(
      ['task change', 'p50 ms to a stream', 'p99 ms', 'last stream ms'],
      s.fanOut.map((f, i) => [String(i + 1), fixed(f.p50Ms, 1), fixed(f.p99Ms, 1), fixed(f.maxMs, 1)]),
    ),
  ].join('\n');
  const tokenCache = [
    `${cache.distinctTokens} distinct valid tokens through one authenticator: ${cache.verifications} verifications; ` +
      `cache bound ${cache.bound}, at most ${cache.maxCached} cached, ${cache.cachedAtEnd} at the end; ` +
      `heap ${fixed(cache.heapUsedMb.early)} → ${fixed(cache.heapUsedMb.full)} MB.`,
    '',
    table(
      ['cache hit', 'p50 ns', 'p99 ns'],
      [
        ['cache nearly empty', fixed(cache.hitNs.early.p50), fixed(cache.hitNs.early.p99)],
        ['cache at its bound', fixed(cache.hitNs.full.p50), fixed(cache.hitNs.full.p99)],
      ],
    ),
  ].join('\n');
  const rss = table(
    ['API memory (RSS)', 'idle after start-up MB', 'after load MB'],
    memory.map((m) => [m.driver, fixed(m.idleRssMb), fixed(m.loadedRssMb)]),
  );
  return [
    '\n## Costs as work grows\n',
    batches,
    '\nOne verification per HTTP request, whatever N (counted by apps/api/test/perf/one-verification.test.ts).',
    'Last column: with a never-seen token on every request, N verifications would add N − 1 times the',
    "cache-miss cost (the in-process table's µs CPU) from N = 1 to N = N; one adds only the calls.\n",
    lists,
    `\nPage query plans (EXPLAIN ANALYZE):\n\n${plans}\n`,
    streams,
    '',
    tokenCache,
    '',
    rss,
  ].join('\n');
}

export { mb };
