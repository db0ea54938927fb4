import { readFileSync } from 'node:fs';

/** The parts of V8's `.cpuprofile` (written by `node --cpu-prof`) that self time needs. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>;
  samples: number[];
  timeDeltas: number[];
}

export interface ModuleShare {
  module: string;
  /** Share of the busy (non-idle) samples' time, in %. */
  percent: number;
  ms: number;
}

/**
 * Which module a frame belongs to: a registry package by its name, Node's internals by subsystem
 * (`node:http`, `node:streams`…), the API's own bundle as one entry, V8's pseudo-frames as they are.
 */
export function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(V8/Node built-ins)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(url);
  if (pkg) return pkg[1]!;
  const internal = /^node:(?:internal\/)?(deps\/[^/.]+|[^/.]+)/.exec(url);
  if (internal) return `node:${internal[1]}`;
  if (/\/apps\/api\/dist\//.test(url)) return 'gatehouse (API bundle)';
  return url
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
}

/**
 * Self time by module over a profile, largest first; `(idle)` is left out of the shares. `skipMs`: the
 * first milliseconds of the profile (start-up and warm-up) are left out, so it shows the steady state.
 */
export function summarizeProfile(path: string, skipMs = 0): { busyMs: number; modules: ModuleShare[] } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const moduleById = new Map(
    profile.nodes.map((node) => [node.id, moduleOf(node.callFrame.url, node.callFrame.functionName)]),
  );
  const micros = new Map<string, number>();
  let elapsed = 0;
  profile.samples.forEach((id, i) => {
    elapsed += profile.timeDeltas[i] ?? 0;
    if (elapsed < skipMs * 1000) return;
    const module = moduleById.get(id) ?? '(unknown)';
    micros.set(module, (micros.get(module) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  micros.delete('(idle)');
  const busy = [...micros.values()].reduce((sum, value) => sum + value, 0);
  const modules = [...micros.entries()]
    .map(([module, value]) => ({ module, ms: value / 1000, percent: (value / busy) * 100 }))
    .sort((a, b) => b.ms - a.ms);
  return { busyMs: busy / 1000, modules };
}

/** `requests`: served while the profile counted, for µs per request (the profile includes a few ms more). */
export function formatProfile(
  title: string,
  summary: ReturnType<typeof summarizeProfile>,
  requests: number,
  top = 18,
): string {
  const perRequest = (ms: number) => ((ms * 1000) / requests).toFixed(1);
  const rows = summary.modules
    .slice(0, top)
    .map((m) => `| ${m.module} | ${m.percent.toFixed(1)} % | ${perRequest(m.ms)} |`);
  return [
    `\n## ${title} (self time by module; ${requests} requests, ${perRequest(summary.busyMs)} µs busy per request)\n`,
    '| module | share | µs per request |',
    '| --- | ---: | ---: |',
    ...rows,
  ].join('\n');
}
