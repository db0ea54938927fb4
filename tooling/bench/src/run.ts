/**
 * `pnpm bench` (the root script builds the API and the SPA first, then runs this). Starts the built API
 * in Clerk mode with a key generated here, on the embedded database in a temp DATA_DIR (and a second
 * one on Postgres, in a database the bench creates), and the @clerk/express peer; drives them with
 * autocannon; measures the cache-miss cost in-process, the growth scenarios and the SPA's gzip size;
 * prints Markdown tables and writes tooling/bench/results/*.json.
 * Options (after `--`): --connections 16 --warmup 2 --duration 1.25 --rounds 8 --miss-requests 4000
 * --streams 1000 --list-tasks 10000 --distinct-tokens 12000 --postgres-url postgres://…/postgres
 * (`--postgres-url ''` skips Postgres). `--soak` runs the 10-minute soak instead (./soak.ts).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureBundle } from './bundle-size';
import { measureGrowth } from './growth';
import { formatGrowth, type MemoryFigures, mb } from './growth-report';
import { measureVerification } from './in-process';
import { fetchOnce, runLoad } from './load';
import { formatLogFields, measureLogFields } from './log-fields';
import { REPO_ROOT, type ServerProcess, startApi, startPeer } from './processes';
import { formatReport, writeResults } from './report';
import { reportRowSecurity } from './row-security';
import { benchApiEnv } from './run-config';
import { hitScenarios, measureScenarios, summarize, withRatios } from './scenarios';
import { runSoakIfAsked } from './soak';
import { evaluateTargets, peerComparison } from './targets';
import { createBenchDatabase, seedAndExplain } from './task-list';
import { measureTokenCache } from './token-cache';
import { BIG_ORG_ID, clerk, sessionToken, tokenPool } from './tokens';
import { formatTracing, measureTracing } from './tracing';

// `--soak [--soak-minutes N]`: the mixed soak instead (./soak.ts).
if (await runSoakIfAsked()) process.exit(0);

const { values: args } = parseArgs({
  // `pnpm bench -- --rounds 3` hands the `--` on; drop it so both spellings work.
  args: process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--')),
  options: {
    connections: { type: 'string', default: '16' },
    warmup: { type: 'string', default: '2' },
    duration: { type: 'string', default: '1.25' },
    rounds: { type: 'string', default: '8' },
    'miss-requests': { type: 'string', default: '4000' },
    streams: { type: 'string', default: '1000' },
    'list-tasks': { type: 'string', default: '10000' },
    'distinct-tokens': { type: 'string', default: '12000' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const positive = (name: Exclude<keyof typeof args, 'postgres-url'>) => {
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
const listTasks = positive('list-tasks');
const distinctTokens = positive('distinct-tokens');
const postgresUrl = args['postgres-url'] || undefined;
const log = (line: string) => console.error(`[bench] ${line}`);
const loadAtStart = loadavg();
log(`load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} CPUs`);

const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
const started: ServerProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];
const track = async (starting: Promise<ServerProcess>) => {
  const server = await starting;
  started.push(server);
  return server;
};
const settle = () => new Promise((done) => setTimeout(done, 2_000));
const SMALL_ORG_TASKS = 10;

try {
  // The growth scenario's big org is seeded before each API opens its database (PGlite: one process).
  log(`seeding ${listTasks} tasks into one org (PGlite${postgresUrl ? ' and Postgres' : ''})`);
  const plans = [
    await seedAndExplain({ driver: 'pglite', dataDir: join(dataDir, 'pglite') }, BIG_ORG_ID, listTasks),
  ];
  let postgresDbUrl: string | undefined;
  if (postgresUrl) {
    const database = await createBenchDatabase(postgresUrl);
    cleanups.push(() => database.drop());
    postgresDbUrl = database.url;
    plans.push(await seedAndExplain({ driver: 'postgres', url: postgresDbUrl }, BIG_ORG_ID, listTasks));
  }
  const [api, peer, apiOnPostgres] = await Promise.all([
    track(startApi(benchApiEnv(dataDir), { logFile: join(dataDir, 'api.log') })),
    track(
      startPeer({
        CLERK_JWT_KEY: clerk.publicKeyPem,
        CLERK_PUBLISHABLE_KEY: clerk.publishableKey,
        AUTHORIZED_PARTY: clerk.authorizedParty,
      }),
    ),
    postgresDbUrl
      ? track(startApi(benchApiEnv(dataDir, postgresDbUrl), { logFile: join(dataDir, 'api-postgres.log') }))
      : Promise.resolve(undefined),
  ]);
  await settle();
  const apis = [
    { api, driver: 'pglite' },
    ...(apiOnPostgres ? [{ api: apiOnPostgres, driver: 'postgres' }] : []),
  ].map((entry) => ({ ...entry, smallOrgTasks: SMALL_ORG_TASKS, idleRss: entry.api.rssBytes() }));

  const userToken = sessionToken('sess_bench');
  // One token per request, plus slack for requests in flight when autocannon stops; the batch scenario
  // takes three slices more. The in-process measurement reuses them: its authenticator saw none.
  const batchMiss = Math.ceil(missRequests / 10) + plan.connections * 4;
  const missPool = tokenPool(missWarmup + missRequests + plan.connections * 4 + 3 * batchMiss, 'miss');
  const auth = { authorization: `Bearer ${userToken}`, 'content-type': 'application/json' };
  // Every scenario must measure what it claims: a 200 with the token's identity, not a 401.
  for (const url of [`${api.url}/trpc/me`, `${peer.url}/trpc/me`]) {
    const res = await fetchOnce(url, { headers: auth });
    const body = (await res.json()) as { result?: { data?: { json?: { userId?: string } } } };
    if (res.status !== 200 || body.result?.data?.json?.userId !== 'user_bench')
      throw new Error(`${url} did not authenticate the bench token: ${res.status} ${JSON.stringify(body)}`);
  }
  // tasks.list reads real rows: the small org's.
  for (const { api: target } of apis) {
    for (let i = 0; i < SMALL_ORG_TASKS; i += 1) {
      const res = await fetchOnce(`${target.url}/trpc/tasks.create`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ json: { title: `Bench task ${i}` } }),
      });
      if (res.status !== 200) throw new Error(`seeding tasks failed: ${res.status} ${await res.text()}`);
    }
  }

  const scenarios = hitScenarios(api, peer, { user: userToken });
  const samples = await measureScenarios(scenarios, plan, log);

  log(`cache miss: ${missWarmup} warm-up + ${missRequests} measured requests, each with a new token`);
  let nextToken = 0;
  const nextMiss = () => {
    if (nextToken >= missPool.length)
      throw new Error('cache-miss token pool exhausted: a token would be reused');
    return missPool[nextToken++]!;
  };
  const missTarget = {
    url: `${api.url}/trpc/me`,
    serverCpuMicros: api.cpuMicros,
    nextAuthorization: () => `Bearer ${nextMiss()}`,
  };
  await runLoad(missTarget, { connections: plan.connections, amount: missWarmup });
  const missSample = await runLoad(missTarget, { connections: plan.connections, amount: missRequests });

  const http = withRatios([
    ...scenarios.map((s) => {
      const measured = samples.get(s.name)!;
      return { ...summarize(s.name, measured, s.callsPerRequest), baseline: s.baseline, samples: measured };
    }),
    { ...summarize('me, cache miss', [missSample]), baseline: 'health', samples: [missSample] },
  ]);
  const growth = await measureGrowth(
    apis,
    plans,
    { user: userToken, nextMiss },
    { ...plan, missRequests, streams: positive('streams') },
    log,
    () => {
      const streamsDir = join(dataDir, 'streams');
      mkdirSync(streamsDir);
      return startApi(benchApiEnv(streamsDir), { logFile: join(streamsDir, 'api.log'), inspect: true });
    },
  );
  const memory: MemoryFigures[] = apis.map(({ api: server, driver, idleRss }) => ({
    driver,
    idleRssMb: mb(idleRss),
    loadedRssMb: mb(server.rssBytes()),
  }));
  await Promise.all(started.map((server) => server.stop()));
  await reportRowSecurity(log);

  log('in-process: bare verifyToken vs the Gatehouse pipeline on cache misses');
  const chunk = 200;
  const rounds = Math.min(10, Math.floor((missPool.length / chunk - 1) / 2));
  const verification = await measureVerification(missPool, { rounds, chunk });
  log(`in-process: ${distinctTokens} distinct tokens through one authenticator`);
  const tokenCache = await measureTokenCache(distinctTokens);
  const logFields = measureLogFields();
  const bundle = measureBundle(resolve(REPO_ROOT, 'apps/web/dist/assets'));
  const peerRatios = peerComparison(samples, http);
  const targets = evaluateTargets(http, peerRatios, verification, bundle, memory);
  const loadAtEnd = loadavg();

  console.log(formatReport(http, verification, bundle, targets, peerRatios));
  console.log(formatGrowth(growth, tokenCache, memory));
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
  const file = writeResults({
    date: new Date().toISOString(),
    plan,
    machine,
    http,
    peerRatios,
    verification,
    growth: { ...growth, tokenCache, memory },
    bundle,
    targets,
    logFields,
  });
  log(`results written to ${file}`);
} finally {
  await Promise.all(started.map((server) => server.stop()));
  for (const cleanup of cleanups) await cleanup().catch((error) => log(`cleanup failed: ${error}`));
  rmSync(dataDir, { recursive: true, force: true });
}
