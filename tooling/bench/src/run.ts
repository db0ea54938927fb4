/**
 * `pnpm bench` (the root script builds the API and the SPA first, then runs this). Starts the built API
 * in Clerk mode with a key generated here, on the embedded database in a temp DATA_DIR, and the
 * @clerk/express peer; drives both with autocannon; measures the cache-miss cost in-process and the
 * SPA's gzip size; prints Markdown tables and writes tooling/bench/results/*.json.
 * Options (after `--`): --connections 10 --warmup 2 --duration 1.25 --rounds 8 --miss-requests 4000;
 * `--soak` runs the 10-minute soak instead (./soak.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureBundle } from './bundle-size';
import { measureVerification } from './in-process';
import { runLoad } from './load';
import { formatLogFields, measureLogFields } from './log-fields';
import { REPO_ROOT, type ServerProcess, startApi, startPeer } from './processes';
import { evaluateTargets, formatReport } from './report';
import { reportRowSecurity } from './row-security';
import { hitScenarios, measureScenarios, pairedRateRatio, summarize, withRatios } from './scenarios';
import { runSoakIfAsked } from './soak';
import { clerk, sessionToken, tokenPool } from './tokens';
import { formatTracing, measureTracing } from './tracing';

// `--soak [--soak-minutes N]`: the mixed soak instead (./soak.ts).
if (await runSoakIfAsked()) process.exit(0);

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    duration: { type: 'string', default: '1.25' },
    rounds: { type: 'string', default: '8' },
    'miss-requests': { type: 'string', default: '4000' },
  },
});
const positive = (name: keyof typeof args) => {
  const value = Number(args[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
};
const plan = {
  connections: positive('connections'),
  warmupS: positive('warmup'),
  durationS: positive('duration'),
  rounds: positive('rounds'),
};
const missRequests = positive('miss-requests');
const missWarmup = Math.ceil(missRequests / 5);
const log = (line: string) => console.error(`[bench] ${line}`);
const loadAtStart = loadavg();
log(`load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs`);

const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
const started: ServerProcess[] = [];
const track = async (starting: Promise<ServerProcess>) => {
  const server = await starting;
  started.push(server);
  return server;
};

try {
  const [api, peer] = await Promise.all([
    track(
      startApi({
        ...clerk.apiEnv,
        DATA_DIR: dataDir,
        // High, not off: the limiters still run (their cost is part of every request), never answer 429.
        RATE_LIMIT_MAX: '1000000000',
        RATE_LIMIT_AUTH_FAILURE_MAX: '1000000000',
      }),
    ),
    track(
      startPeer({
        CLERK_JWT_KEY: clerk.publicKeyPem,
        CLERK_PUBLISHABLE_KEY: clerk.publishableKey,
        AUTHORIZED_PARTY: clerk.authorizedParty,
      }),
    ),
  ]);
  const userToken = sessionToken('sess_bench');
  // One token per request, plus slack for requests in flight when autocannon stops. The in-process
  // measurement reuses them: its authenticator has never seen any.
  const missPool = tokenPool(missWarmup + missRequests + plan.connections * 4, 'miss');
  const auth = { authorization: `Bearer ${userToken}`, 'content-type': 'application/json' };
  // Every scenario must measure what it claims: a 200 with the token's identity, not a 401.
  for (const url of [`${api.url}/trpc/me`, `${peer.url}/trpc/me`]) {
    const res = await fetch(url, { headers: auth });
    const body = (await res.json()) as { result?: { data?: { json?: { userId?: string } } } };
    if (res.status !== 200 || body.result?.data?.json?.userId !== 'user_bench')
      throw new Error(`${url} did not authenticate the bench token: ${res.status} ${JSON.stringify(body)}`);
  }
  // tasks.list reads real rows.
  for (let i = 0; i < 20; i += 1) {
    const res = await fetch(`${api.url}/trpc/tasks.create`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ json: { title: `Bench task ${i}` } }),
    });
    if (res.status !== 200) throw new Error(`seeding tasks failed: ${res.status} ${await res.text()}`);
  }

  const scenarios = hitScenarios(api, peer, { user: userToken });
  const samples = await measureScenarios(scenarios, plan, log);

  log(`cache miss: ${missWarmup} warm-up + ${missRequests} measured requests, each with a new token`);
  let nextToken = 0;
  const missTarget = {
    url: `${api.url}/trpc/me`,
    serverCpuMicros: api.cpuMicros,
    nextAuthorization: () => `Bearer ${missPool[nextToken++ % missPool.length]}`,
  };
  await runLoad(missTarget, { connections: plan.connections, amount: missWarmup });
  const missSample = await runLoad(missTarget, { connections: plan.connections, amount: missRequests });
  if (nextToken > missPool.length) throw new Error('cache-miss token pool exhausted: a token was reused');

  const http = withRatios([
    ...scenarios.map((s) => {
      const measured = samples.get(s.name)!;
      return { ...summarize(s.name, measured, s.callsPerRequest), baseline: s.baseline, samples: measured };
    }),
    { ...summarize('me, cache miss', [missSample]), baseline: 'health', samples: [missSample] },
  ]);
  await Promise.all([api.stop(), peer.stop()]);
  await reportRowSecurity(log);

  log('in-process: bare verifyToken vs the Gatehouse pipeline on cache misses');
  const chunk = 200;
  const rounds = Math.min(10, Math.floor((missPool.length / chunk - 1) / 2));
  const verification = await measureVerification(missPool, { rounds, chunk });
  const logFields = measureLogFields();
  const bundle = measureBundle(resolve(REPO_ROOT, 'apps/web/dist/assets'));
  const peerRatio = pairedRateRatio(samples.get('me')!, samples.get('peer me')!);
  const targets = evaluateTargets(http, peerRatio, verification, bundle);
  const loadAtEnd = loadavg();

  console.log(formatReport(http, verification, bundle, targets));
  console.log(formatLogFields(logFields));
  console.log(formatTracing(await measureTracing(plan, log)));
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    node: process.version,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAtEnd,
  };
  console.log(
    `\nLoad average (1/5/15 min): ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} at start, ` +
      `${loadAtEnd.map((l) => l.toFixed(2)).join(' ')} at end; ${machine.cpus} CPUs, Node ${machine.node}.`,
  );
  const resultsDir = resolve(import.meta.dirname, '../results');
  mkdirSync(resultsDir, { recursive: true });
  const json = JSON.stringify(
    { date: new Date().toISOString(), plan, machine, http, verification, bundle, targets, logFields },
    null,
    2,
  );
  const file = join(resultsDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, json);
  writeFileSync(join(resultsDir, 'latest.json'), json);
  log(`results written to ${file}`);
} finally {
  await Promise.all(started.map((server) => server.stop()));
  rmSync(dataDir, { recursive: true, force: true });
}
