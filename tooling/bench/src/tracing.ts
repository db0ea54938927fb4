/**
 * What tracing costs: two built APIs side by side, identical but for OTEL_EXPORTER_OTLP_ENDPOINT — one
 * exporting every span (OTLP/HTTP protobuf, the SDK's default batching) to a loopback stand-in of a
 * collector, one with tracing off (the SDK never loaded). Same token, same rounds (rotated, as
 * `measureScenarios` does), reported as on/off ratios of req/s, p99 and server CPU per request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOtlpStandIn } from '@gatehouse/api/testing';
import { percentile, type Sample } from './load';
import { type ServerProcess, startApi } from './processes';
import { measureScenarios, pairedRateRatio, type RunPlan, type Scenario } from './scenarios';
import { clerk, sessionToken } from './tokens';

export interface TracingFigures {
  rows: Array<{ procedure: string; reqPerSecRatio: number; p99Ratio: number; cpuRatio: number }>;
  /** What the collector stand-in received from the traced API (its export requests, and bytes). */
  exports: { requests: number; bytes: number };
}

const sum = (samples: Sample[], read: (sample: Sample) => number) =>
  samples.reduce((total, sample) => total + read(sample), 0);
const cpuPerRequest = (samples: Sample[]) =>
  sum(samples, (s) => s.serverCpuMicros) / sum(samples, (s) => s.requests);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function measureTracing(plan: RunPlan, log: (line: string) => void): Promise<TracingFigures> {
  const collector = await startOtlpStandIn();
  const dirs = [
    mkdtempSync(join(tmpdir(), 'gatehouse-bench-off-')),
    mkdtempSync(join(tmpdir(), 'gatehouse-bench-on-')),
  ];
  const started: ServerProcess[] = [];
  try {
    const base = { ...clerk.apiEnv, RATE_LIMIT_MAX: '1000000000', RATE_LIMIT_AUTH_FAILURE_MAX: '1000000000' };
    // One after the other: two embedded databases booting at once can outlast the start-up timeout.
    const off = await startApi({ ...base, DATA_DIR: dirs[0]! });
    started.push(off);
    const on = await startApi({ ...base, DATA_DIR: dirs[1]!, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    started.push(on);
    const headers = {
      authorization: `Bearer ${sessionToken('sess_tracing')}`,
      'content-type': 'application/json',
    };
    for (const api of [off, on]) {
      for (let i = 0; i < 20; i += 1) {
        const res = await fetch(`${api.url}/trpc/tasks.create`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ json: { title: `Bench task ${i}` } }),
        });
        if (res.status !== 200) throw new Error(`seeding tasks failed: ${res.status} ${await res.text()}`);
      }
    }
    const procedures = ['me', 'tasks.list'];
    const scenarios: Scenario[] = procedures.flatMap((procedure) =>
      (['off', 'on'] as const).map((mode) => {
        const api = mode === 'on' ? on : off;
        return {
          name: `${procedure} tracing ${mode}`,
          baseline: 'health' as const,
          target: { url: `${api.url}/trpc/${procedure}`, headers, serverCpuMicros: api.cpuMicros },
        };
      }),
    );
    log('tracing on (OTLP to a loopback collector stand-in) vs off');
    const samples = await measureScenarios(scenarios, plan, log);
    const rows = procedures.map((procedure) => {
      const traced = samples.get(`${procedure} tracing on`)!;
      const plain = samples.get(`${procedure} tracing off`)!;
      return {
        procedure,
        reqPerSecRatio: pairedRateRatio(traced, plain),
        p99Ratio: median(
          traced.map((s, i) => percentile(s.latencies, 99) / percentile(plain[i]!.latencies, 99)),
        ),
        cpuRatio: cpuPerRequest(traced) / cpuPerRequest(plain),
      };
    });
    // The traced API flushes its last batch on SIGTERM: only then are the exports complete.
    await Promise.all(started.map((api) => api.stop()));
    started.length = 0;
    if (collector.traceExports.length === 0) throw new Error('the traced API exported no spans');
    return { rows, exports: { requests: collector.traceExports.length, bytes: collector.bytes } };
  } finally {
    await Promise.all(started.map((api) => api.stop()));
    await collector.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

export function formatTracing({ rows, exports }: TracingFigures): string {
  const fixed = (value: number) => value.toFixed(2);
  return [
    '\n## Tracing on vs off (built API; on: OTLP/HTTP to a loopback collector stand-in)\n',
    '| Procedure | req/s on/off | p99 on/off | server CPU per request on/off |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map(
      (r) => `| ${r.procedure} | ${fixed(r.reqPerSecRatio)} | ${fixed(r.p99Ratio)} | ${fixed(r.cpuRatio)} |`,
    ),
    `\nThe collector stand-in received ${exports.requests} export requests (${Math.round(exports.bytes / 1024)} KiB).`,
  ].join('\n');
}
