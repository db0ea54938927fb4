import { type LoadTarget, percentile, runLoad, type Sample } from './load';
import type { ServerProcess } from './processes';

export interface Scenario {
  name: string;
  /** What the ratios are taken against: the API's public `health` or the peer's own. */
  baseline: 'health' | 'peer health';
  target: LoadTarget;
  /** tRPC calls per HTTP request (10 for the batch). */
  callsPerRequest?: number;
}

export interface ScenarioResult {
  name: string;
  baseline: string;
  requests: number;
  seconds: number;
  reqPerSec: number;
  callsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** req/s of each round, to see the noise. */
  perRoundReqPerSec: number[];
  /** Server CPU per HTTP request, µs. */
  cpuMicrosPerRequest: number;
  /** req/s and p99 against the baseline measured in the same run (median of per-round ratios). */
  reqPerSecRatio: number;
  p99Ratio: number;
  /** Server CPU per request against the baseline's: the cost ratio, barely moved by outside load. */
  cpuRatio: number;
}

export interface RunPlan {
  connections: number;
  warmupS: number;
  durationS: number;
  rounds: number;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function hitScenarios(api: ServerProcess, peer: ServerProcess, tokens: { user: string }): Scenario[] {
  const batch = Array.from({ length: 10 }, () => 'me').join(',');
  const headers = bearer(tokens.user);
  const onApi = (path: string, withToken: boolean): LoadTarget => ({
    url: `${api.url}/trpc/${path}`,
    ...(withToken ? { headers } : {}),
    serverCpuMicros: api.cpuMicros,
  });
  const onPeer = (path: string, withToken: boolean): LoadTarget => ({
    url: `${peer.url}/trpc/${path}`,
    ...(withToken ? { headers } : {}),
    serverCpuMicros: peer.cpuMicros,
  });
  return [
    { name: 'health', baseline: 'health', target: onApi('health', false) },
    { name: 'me', baseline: 'health', target: onApi('me', true) },
    { name: 'org.current', baseline: 'health', target: onApi('org.current', true) },
    { name: 'tasks.list', baseline: 'health', target: onApi('tasks.list', true) },
    {
      name: 'batch me×10',
      baseline: 'health',
      callsPerRequest: 10,
      target: onApi(`${batch}?batch=1&input=${encodeURIComponent('{}')}`, true),
    },
    { name: 'peer health', baseline: 'peer health', target: onPeer('health', false) },
    { name: 'peer me', baseline: 'peer health', target: onPeer('me', true) },
  ];
}

/**
 * Warms every scenario up, then measures `rounds` short rounds, each starting one scenario later than
 * the one before (a rotation), so every scenario is measured at every position and next to every other.
 * The machine is shared: a burst of outside load then spoils a slice of each scenario, not one scenario
 * (and `withRatios` takes the median of the per-round ratios).
 */
export async function measureScenarios(
  scenarios: Scenario[],
  plan: RunPlan,
  log: (line: string) => void,
): Promise<Map<string, Sample[]>> {
  for (const scenario of scenarios) {
    log(`warm-up   ${scenario.name}`);
    await runLoad(scenario.target, { connections: plan.connections, durationS: plan.warmupS });
  }
  const samples = new Map<string, Sample[]>(scenarios.map((scenario) => [scenario.name, []]));
  for (let round = 0; round < plan.rounds; round += 1) {
    log(`round ${round + 1}/${plan.rounds}`);
    for (let i = 0; i < scenarios.length; i += 1) {
      const scenario = scenarios[(round + i) % scenarios.length]!;
      const sample = await runLoad(scenario.target, {
        connections: plan.connections,
        durationS: plan.durationS,
      });
      samples.get(scenario.name)!.push(sample);
    }
  }
  return samples;
}

export function summarize(name: string, samples: Sample[], callsPerRequest = 1) {
  const requests = samples.reduce((sum, sample) => sum + sample.requests, 0);
  const seconds = samples.reduce((sum, sample) => sum + sample.elapsedS, 0);
  const latencies = samples.flatMap((sample) => sample.latencies);
  return {
    name,
    requests,
    seconds,
    reqPerSec: requests / seconds,
    callsPerSec: (requests * callsPerRequest) / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    cpuMicrosPerRequest: samples.reduce((sum, sample) => sum + sample.serverCpuMicros, 0) / requests,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

type Summary = ReturnType<typeof summarize> & { baseline: string; samples: Sample[] };

const rate = (sample: Sample) => sample.requests / sample.elapsedS;

/** req/s of `a` over `b`, the median of the per-round ratios (both measured in every round). */
export function pairedRateRatio(a: Sample[], b: Sample[]): number {
  if (a.length !== b.length || a.length === 0) throw new Error('pairedRateRatio: unpaired samples');
  return median(a.map((sample, i) => rate(sample) / rate(b[i]!)));
}

/**
 * Ratios against each scenario's baseline. With one sample per round on both sides, the MEDIAN of the
 * per-round ratios (each pair measured in the same round, seconds apart); otherwise (the cache-miss
 * run, measured on its own) the ratio of the pooled figures.
 */
export function withRatios(summaries: Summary[]): ScenarioResult[] {
  const byName = new Map(summaries.map((summary) => [summary.name, summary]));
  return summaries.map(({ samples, ...summary }) => {
    const base = byName.get(summary.baseline);
    if (!base) throw new Error(`no baseline ${summary.baseline} for ${summary.name}`);
    const paired = samples.length > 1 && samples.length === base.samples.length;
    const p99 = (sample: Sample) => percentile(sample.latencies, 99);
    return {
      ...summary,
      perRoundReqPerSec: samples.map((sample) => Math.round(rate(sample))),
      reqPerSecRatio: paired
        ? median(samples.map((sample, i) => rate(sample) / rate(base.samples[i]!)))
        : summary.reqPerSec / base.reqPerSec,
      p99Ratio: paired
        ? median(samples.map((sample, i) => p99(sample) / p99(base.samples[i]!)))
        : summary.p99Ms / base.p99Ms,
      // Pooled: one round's CPU reading is too coarse (10 ms ticks) to be compared alone.
      cpuRatio: summary.cpuMicrosPerRequest / base.cpuMicrosPerRequest,
    };
  });
}
