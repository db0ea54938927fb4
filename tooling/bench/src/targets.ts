import type { BundleFigures } from './bundle-size';
import type { MemoryFigures } from './growth-report';
import type { VerificationFigures } from './in-process';
import type { Sample } from './load';
import { pairedRateRatio, type ScenarioResult } from './scenarios';

/** A Gatehouse scenario against the peer's: req/s (median of per-round ratios) and CPU per request. */
export interface PeerRatio {
  ours: string;
  peer: string;
  /** Our req/s over the peer's: > 1 is faster. */
  reqPerSec: number;
  /** The peer's CPU per request over ours: > 1 is cheaper. */
  cpu: number;
  /** Our p99 over the peer's: < 1 is better. */
  p99: number;
}

const PEER_PAIRS = [
  ['health', 'peer health'],
  ['me', 'peer me'],
  ['org.current', 'peer me'],
] as const;

export function peerComparison(samples: Map<string, Sample[]>, http: ScenarioResult[]): PeerRatio[] {
  return PEER_PAIRS.map(([ours, peer]) => {
    const a = byName(http, ours);
    const b = byName(http, peer);
    return {
      ours,
      peer,
      reqPerSec: pairedRateRatio(samples.get(ours)!, samples.get(peer)!),
      cpu: b.cpuMicrosPerRequest / a.cpuMicrosPerRequest,
      p99: a.p99Ms / b.p99Ms,
    };
  });
}

export interface Target {
  name: string;
  /** What was measured, e.g. "0.97×". */
  value: string;
  goal: string;
  met: boolean;
}

export const byName = (results: ScenarioResult[], name: string) => {
  const found = results.find((result) => result.name === name);
  if (!found) throw new Error(`no result for ${name}`);
  return found;
};

export const times = (value: number) => `${value.toFixed(2)}×`;

/** The targets, each from figures of this one run. */
export function evaluateTargets(
  http: ScenarioResult[],
  peerRatios: PeerRatio[],
  verification: VerificationFigures,
  bundle: BundleFigures,
  memory: MemoryFigures[],
): Target[] {
  const targets: Target[] = [];
  for (const ratio of peerRatios) {
    const goal = ratio.ours === 'health' ? 1 : 1.5;
    targets.push(
      {
        name: `${ratio.ours} vs ${ratio.peer}, req/s`,
        value: times(ratio.reqPerSec),
        goal: `≥ ${goal.toFixed(2)}×`,
        met: ratio.reqPerSec >= goal,
      },
      {
        name: `${ratio.ours} vs ${ratio.peer}, CPU per request (peer's / ours)`,
        value: times(ratio.cpu),
        goal: `≥ ${goal.toFixed(2)}×`,
        met: ratio.cpu >= goal,
      },
    );
  }
  for (const name of ['me', 'org.current']) {
    const result = byName(http, name);
    targets.push(
      {
        name: `${name} req/s vs health`,
        value: times(result.reqPerSecRatio),
        goal: '≥ 0.95×',
        met: result.reqPerSecRatio >= 0.95,
      },
      {
        name: `${name} p99 vs health`,
        value: times(result.p99Ratio),
        goal: '≤ 1.10×',
        met: result.p99Ratio <= 1.1,
      },
    );
  }
  targets.push({
    name: 'cache miss vs bare verifyToken (CPU per verification)',
    value: times(verification.ratios.cpu),
    goal: '≥ 0.90×',
    met: verification.ratios.cpu >= 0.9,
  });
  // The peer has no cache: every `me` it serves runs a bare `verifyToken`, our miss one pipeline.
  const overHttp = byName(http, 'me, cache miss');
  const peerMe = byName(http, 'peer me');
  targets.push(
    {
      name: 'cache miss over HTTP vs peer me (bare verifyToken each), CPU per request (peer / ours)',
      value: times(peerMe.cpuMicrosPerRequest / overHttp.cpuMicrosPerRequest),
      goal: '≥ 0.90×',
      met: peerMe.cpuMicrosPerRequest / overHttp.cpuMicrosPerRequest >= 0.9,
    },
    {
      name: 'cache miss over HTTP vs peer me, req/s (not interleaved)',
      value: times(overHttp.reqPerSec / peerMe.reqPerSec),
      goal: '≥ 0.90×',
      met: overHttp.reqPerSec / peerMe.reqPerSec >= 0.9,
    },
  );
  const embedded = memory.find((m) => m.driver === 'pglite');
  if (embedded)
    targets.push({
      name: 'idle RSS of the API on the embedded database',
      value: `${embedded.idleRssMb.toFixed(0)} MB`,
      goal: '≤ 300 MB',
      met: embedded.idleRssMb <= 300,
    });
  const kb = bundle.gzipBytes / 1000;
  targets.push({
    name: 'SPA own JS, gzip -9',
    value: `${kb.toFixed(1)} KB`,
    goal: '≤ 150 KB',
    met: kb <= 150,
  });
  return targets;
}
