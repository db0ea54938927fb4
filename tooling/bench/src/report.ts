import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BundleFigures } from './bundle-size';
import type { VerificationFigures } from './in-process';
import type { ScenarioResult } from './scenarios';
import { type PeerRatio, type Target, times } from './targets';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (i === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Markdown tables, ready to paste into the README. */
export function formatReport(
  http: ScenarioResult[],
  verification: VerificationFigures,
  bundle: BundleFigures,
  targets: Target[],
  peerRatios: PeerRatio[],
): string {
  const peerTable = table(
    [
      'Gatehouse vs @clerk/express peer',
      'req/s ratio',
      'CPU per request ratio',
      'p99 ratio (lower is better)',
    ],
    peerRatios.map((r) => [`${r.ours} vs ${r.peer}`, times(r.reqPerSec), times(r.cpu), times(r.p99)]),
  );
  const httpTable = table(
    [
      'scenario',
      'req/s',
      'p50 ms',
      'p99 ms',
      'CPU µs/req',
      '× base req/s',
      '× base p99',
      '× base CPU',
      'base',
    ],
    http.map((r) => [
      r.name,
      r.callsPerSec === r.reqPerSec
        ? r.reqPerSec.toFixed(0)
        : `${r.reqPerSec.toFixed(0)} (${r.callsPerSec.toFixed(0)} calls/s)`,
      r.p50Ms.toFixed(2),
      r.p99Ms.toFixed(2),
      r.cpuMicrosPerRequest.toFixed(0),
      times(r.reqPerSecRatio),
      times(r.p99Ratio),
      times(r.cpuRatio),
      r.baseline,
    ]),
  );
  const { bare, pipeline, ratios, concurrency } = verification;
  const verifyTable = table(
    ['in-process verification', 'µs wall (seq.)', 'µs CPU (seq.)', `verif./s (${concurrency} in flight)`],
    [
      ['bare verifyToken', bare.wallMicros.toFixed(0), bare.cpuMicros.toFixed(0), bare.opsPerSec.toFixed(0)],
      [
        'Gatehouse cache miss',
        pipeline.wallMicros.toFixed(0),
        pipeline.cpuMicros.toFixed(0),
        pipeline.opsPerSec.toFixed(0),
      ],
      ['ratio (Gatehouse / bare speed)', times(ratios.wall), times(ratios.cpu), times(ratios.throughput)],
    ],
  );
  const bundleTable = table(
    ['SPA chunk', 'bytes', 'gzip -9'],
    [
      ...bundle.files.map((f) => [f.file, String(f.rawBytes), String(f.gzipBytes)]),
      ['total', String(bundle.rawBytes), String(bundle.gzipBytes)],
    ],
  );
  const targetTable = table(
    ['target', 'measured', 'goal', ''],
    targets.map((t) => [t.name, t.value, t.goal, t.met ? 'met' : 'MISSED']),
  );
  const batchNote =
    'A batch of 10 = exactly one verification: counted by apps/api/test/perf/one-verification.test.ts ' +
    '(the authenticator counters are in the API process, not visible from here).';
  return [httpTable, peerTable, verifyTable, bundleTable, targetTable, batchNote].join('\n\n');
}

/** tooling/bench/results/bench-<date>.json and latest.json (git-ignored); returns the first's path. */
export function writeResults(results: Record<string, unknown>): string {
  const resultsDir = resolve(import.meta.dirname, '../results');
  mkdirSync(resultsDir, { recursive: true });
  const json = JSON.stringify(results, null, 2);
  const file = join(resultsDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, json);
  writeFileSync(join(resultsDir, 'latest.json'), json);
  return file;
}
