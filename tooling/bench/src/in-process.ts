import { verifyToken } from '@clerk/backend';
import {
  createAuthenticator,
  DEFAULT_CLOCK_SKEW_MS,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  DEFAULT_TOKEN_CACHE_SIZE,
  publicKeyPemFromPem,
} from '@gatehouse/auth/server';
import { AUTHORIZED_PARTY, type BenchKeys, ISSUER } from './tokens';

/**
 * The cache-miss cost in-process, without HTTP: Gatehouse's whole pipeline on tokens it has never seen
 * (shape and header/payload pre-checks, `verifyToken`, claims → auth object, sha256 cache key, cache
 * fill) against a bare `verifyToken` call with the same key and the same checks Clerk makes.
 * Each pass of ours gets a new authenticator (an empty cache, built before the clock starts), so
 * every verification is a real miss. Rounds alternate the order so outside load hits both alike.
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
  /** pipeline / bare, for each measure; ≥ 0.9 is the target. */
  ratios: { wall: number; cpu: number; throughput: number };
}

type Verify = (token: string) => Promise<unknown>;

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

export async function measureVerification(
  keys: BenchKeys,
  tokens: readonly string[],
  rounds: number,
  concurrency = 8,
): Promise<VerificationFigures> {
  const pem = publicKeyPemFromPem(keys.publicKeyPem);
  const clerkOptions = { jwtKey: pem, authorizedParties: [AUTHORIZED_PARTY], issuer: ISSUER };
  const bare = (): Verify => (token) => verifyToken(token, clerkOptions); // rejects on any failure
  const pipeline = (): Verify => {
    const authenticator = createAuthenticator({
      keySource: { kind: 'pem', pem },
      issuer: ISSUER,
      authorizedParties: [AUTHORIZED_PARTY],
      audience: null,
      clockSkewMs: DEFAULT_CLOCK_SKEW_MS,
      maxTokenLifetimeSeconds: DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
      cacheSize: DEFAULT_TOKEN_CACHE_SIZE,
    });
    return async (token) => {
      const auth = await authenticator.authenticateToken(token);
      // A refused token would be measured as a cheap failure: the figure would be a lie.
      if (!auth.isAuthenticated) throw new Error(`bench token refused: ${auth.reason}`);
    };
  };
  const variants = { bare, pipeline };
  const totals = { bare: { wall: 0, cpu: 0, concurrent: 0 }, pipeline: { wall: 0, cpu: 0, concurrent: 0 } };

  // Warm-up: JIT, the crypto thread pool, Clerk's lazy imports.
  for (const make of Object.values(variants)) await sequential(tokens, make());

  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? (['bare', 'pipeline'] as const) : (['pipeline', 'bare'] as const);
    for (const name of order) {
      const seq = await sequential(tokens, variants[name]());
      totals[name].wall += seq.wall;
      totals[name].cpu += seq.cpu;
      totals[name].concurrent += await concurrent(tokens, variants[name](), concurrency);
    }
  }

  const count = tokens.length * rounds;
  const figures = (name: 'bare' | 'pipeline'): VerifierFigures => ({
    wallMicros: totals[name].wall / count,
    cpuMicros: totals[name].cpu / count,
    opsPerSec: (count * 1e6) / totals[name].concurrent,
  });
  const bareFigures = figures('bare');
  const pipelineFigures = figures('pipeline');
  return {
    bare: bareFigures,
    pipeline: pipelineFigures,
    concurrency,
    ratios: {
      wall: bareFigures.wallMicros / pipelineFigures.wallMicros,
      cpu: bareFigures.cpuMicros / pipelineFigures.cpuMicros,
      throughput: pipelineFigures.opsPerSec / bareFigures.opsPerSec,
    },
  };
}
