import { verifyToken } from '@clerk/backend';
import { createAuthenticator } from '@gatehouse/auth/server';
import { clerk } from './tokens';

/**
 * The cache-miss cost in-process, without HTTP: Gatehouse's whole pipeline (shape and header/payload
 * pre-checks, `verifyToken`, claims → auth object, sha256 cache key, cache fill) against a bare
 * `verifyToken` call with the same key and the checks Clerk makes. One authenticator, as in the API,
 * fed only tokens it has never seen: every one of its verifications is a real miss. Each round runs
 * both on the same chunk of tokens, order alternating, so outside load hits both alike.
 */
export interface VerifierFigures {
  /** Sequential: wall-clock µs per verification (one at a time). */
  wallMicros: number;
  /** Sequential: process CPU µs per verification (main thread + crypto thread pool). */
  cpuMicros: number;
  /** `concurrency` verifications in flight: verifications per second. */
  opsPerSec: number;
}

export interface VerificationFigures {
  bare: VerifierFigures;
  pipeline: VerifierFigures;
  concurrency: number;
  verificationsPerSide: number;
  /** Gatehouse speed / bare speed (median over rounds) for each measure; ≥ 0.9 is the target. */
  ratios: { wall: number; cpu: number; throughput: number };
}

type Verify = (token: string) => Promise<unknown>;
type Pass = { wall: number; cpu: number; concurrent: number };

async function sequential(tokens: readonly string[], verify: Verify) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const token of tokens) await verify(token);
  const wall = Number(process.hrtime.bigint() - start) / 1e3;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: used.user + used.system };
}

async function concurrent(tokens: readonly string[], verify: Verify, concurrency: number) {
  let next = 0;
  const worker = async () => {
    while (next < tokens.length) await verify(tokens[next++]!);
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return Number(process.hrtime.bigint() - start) / 1e3;
}

/** `tokens` must be new to any authenticator: 2 × rounds × chunk of them (plus a chunk to warm up). */
export async function measureVerification(
  tokens: readonly string[],
  { rounds, chunk, concurrency = 8 }: { rounds: number; chunk: number; concurrency?: number },
): Promise<VerificationFigures> {
  if (tokens.length < (2 * rounds + 1) * chunk) throw new Error('measureVerification: not enough tokens');
  const clerkOptions = {
    jwtKey: clerk.publicKeyPem,
    authorizedParties: [clerk.authorizedParty],
    issuer: clerk.issuer,
  };
  // With the API's defaults (clock skew, maximum lifetime, cache size).
  const authenticator = createAuthenticator(clerk.authenticatorConfig());
  const variants: Record<'bare' | 'pipeline', Verify> = {
    bare: async (token) => {
      await verifyToken(token, clerkOptions); // rejects on any failure
    },
    pipeline: async (token) => {
      const auth = await authenticator.authenticateToken(token);
      // A refused token would be measured as a cheap failure: the figure would be a lie.
      if (!auth.isAuthenticated) throw new Error(`bench token refused: ${auth.reason}`);
    },
  };
  const chunkAt = (index: number) => tokens.slice(index * chunk, (index + 1) * chunk);

  // Warm-up: JIT, the crypto thread pool, Clerk's lazy imports.
  for (const verify of Object.values(variants)) await sequential(chunkAt(0), verify);

  const rows: Array<Record<'bare' | 'pipeline', Pass>> = [];
  for (let round = 0; round < rounds; round += 1) {
    const [forSequential, forConcurrent] = [chunkAt(1 + 2 * round), chunkAt(2 + 2 * round)];
    const order = round % 2 === 0 ? (['bare', 'pipeline'] as const) : (['pipeline', 'bare'] as const);
    const row = {} as Record<'bare' | 'pipeline', Pass>;
    for (const name of order) {
      const seq = await sequential(forSequential, variants[name]);
      row[name] = { ...seq, concurrent: await concurrent(forConcurrent, variants[name], concurrency) };
    }
    rows.push(row);
  }
  if (authenticator.stats.cacheHits > 0) throw new Error('measureVerification: a token was seen twice');

  // Per-verification figures pooled over all rounds; ratios as the MEDIAN of the per-round ratios, so a
  // burst of outside load during one round (this machine is shared) cannot decide the verdict.
  const count = chunk * rounds;
  const pooled = (name: 'bare' | 'pipeline'): VerifierFigures => {
    const sum = (key: keyof Pass) => rows.reduce((total, row) => total + row[name][key], 0);
    return {
      wallMicros: sum('wall') / count,
      cpuMicros: sum('cpu') / count,
      opsPerSec: (count * 1e6) / sum('concurrent'),
    };
  };
  const medianRatio = (key: keyof Pass) => median(rows.map((row) => row.bare[key] / row.pipeline[key]));
  return {
    bare: pooled('bare'),
    pipeline: pooled('pipeline'),
    concurrency,
    verificationsPerSide: count * 2,
    ratios: { wall: medianRatio('wall'), cpu: medianRatio('cpu'), throughput: medianRatio('concurrent') },
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
