import { type LoadTarget, percentile, runLoad, type Sample } from './load';

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
  /** req/s and p99 against the baseline measured in the same run. */
  reqPerSecRatio: number;
  p99Ratio: number;
}

export interface RunPlan {
  connections: number;
  warmupS: number;
  durationS: number;
  rounds: number;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function hitScenarios(apiUrl: string, peerUrl: string, tokens: { user: string }): Scenario[] {
  const batch = Array.from({ length: 10 }, () => 'me').join(',');
  const headers = bearer(tokens.user);
  return [
    { name: 'health', baseline: 'health', target: { url: `${apiUrl}/trpc/health` } },
    { name: 'me', baseline: 'health', target: { url: `${apiUrl}/trpc/me`, headers } },
    { name: 'org.current', baseline: 'health', target: { url: `${apiUrl}/trpc/org.current`, headers } },
    { name: 'tasks.list', baseline: 'health', target: { url: `${apiUrl}/trpc/tasks.list`, headers } },
    {
      name: 'batch me×10',
      baseline: 'health',
      callsPerRequest: 10,
      target: { url: `${apiUrl}/trpc/${batch}?batch=1&input=${encodeURIComponent('{}')}`, headers },
    },
    { name: 'peer health', baseline: 'peer health', target: { url: `${peerUrl}/trpc/health` } },
    { name: 'peer me', baseline: 'peer health', target: { url: `${peerUrl}/trpc/me`, headers } },
  ];
}

interface Accumulated {
  scenario: Scenario;
  samples: Sample[];
}

/**
 * Warms every scenario up, then measures `rounds` rounds, the order reversed on odd rounds (ABBA), so
 * that a slow drift of the machine (other processes, thermal) weighs on every scenario alike. Figures
 * are pooled over the rounds: req/s = all responses / all seconds, percentiles over all responses.
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
  const accumulated: Accumulated[] = scenarios.map((scenario) => ({ scenario, samples: [] }));
  for (let round = 0; round < plan.rounds; round += 1) {
    const order = round % 2 === 0 ? accumulated : [...accumulated].reverse();
    for (const entry of order) {
      log(`round ${round + 1}/${plan.rounds} ${entry.scenario.name}`);
      entry.samples.push(
        await runLoad(entry.scenario.target, { connections: plan.connections, durationS: plan.durationS }),
      );
    }
  }
  return new Map(accumulated.map(({ scenario, samples }) => [scenario.name, samples]));
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
  };
}

/** Adds the ratios against each scenario's baseline (which must be in `summaries`). */
export function withRatios(
  summaries: Array<ReturnType<typeof summarize> & { baseline: string }>,
): ScenarioResult[] {
  const byName = new Map(summaries.map((summary) => [summary.name, summary]));
  return summaries.map((summary) => {
    const base = byName.get(summary.baseline);
    if (!base) throw new Error(`no baseline ${summary.baseline} for ${summary.name}`);
    return {
      ...summary,
      reqPerSecRatio: summary.reqPerSec / base.reqPerSec,
      p99Ratio: summary.p99Ms / base.p99Ms,
    };
  });
}
