import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What the API process reports on SIGUSR2 (apps/api/src/observability/process-stats.ts). */
export interface Stats {
  rssBytes: number;
  heapUsedBytes: number;
  activeResources: number;
  pool: { total: number; idle: number; waiting: number } | null;
  openStreams: number;
}

/** The Markdown table of a soak, and its JSON under tooling/bench/results/. */
export function report(start: Stats, end: Stats, run: Record<string, unknown>) {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const growth = (a: number, b: number) => (a === 0 ? '—' : `${(((b - a) / a) * 100).toFixed(1)} %`);
  const rows: [string, string, string, string][] = [
    ['RSS (MiB)', mb(start.rssBytes), mb(end.rssBytes), growth(start.rssBytes, end.rssBytes)],
    [
      'Heap used (MiB)',
      mb(start.heapUsedBytes),
      mb(end.heapUsedBytes),
      growth(start.heapUsedBytes, end.heapUsedBytes),
    ],
    [
      'Active handles',
      `${start.activeResources}`,
      `${end.activeResources}`,
      growth(start.activeResources, end.activeResources),
    ],
    [
      'Pool connections',
      `${start.pool?.total ?? '—'}`,
      `${end.pool?.total ?? '—'}`,
      growth(start.pool?.total ?? 0, end.pool?.total ?? 0),
    ],
    [
      'Open streams',
      `${start.openStreams}`,
      `${end.openStreams}`,
      growth(start.openStreams, end.openStreams),
    ],
  ];
  console.log('| Soak | start (warm) | end | growth |\n|---|---:|---:|---:|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`\n${JSON.stringify(run)}`);
  const dir = resolve(import.meta.dirname, '../results');
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify({ date: new Date().toISOString(), run, start, end }, null, 2);
  writeFileSync(join(dir, `soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), json);
}
