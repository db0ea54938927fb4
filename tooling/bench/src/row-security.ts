/**
 * What row-level security costs: `tasks.list` and `notes.list` called through the real router (ladder,
 * zod, resolver, a context made per call as the API makes one per request) with the scoped handle the
 * API uses, against the same calls on the privileged handle (no role switch, no caller settings, no
 * policies: what every request did before RLS). On PGlite always, and on Postgres when DATABASE_URL is
 * set (in a database of its own, dropped after). In-process and without HTTP, so the figure is the
 * database layer's share alone — an upper bound on what an HTTP client sees. Rounds alternate the order,
 * and the verdict is the median of per-round ratios (this machine is shared).
 *
 * `pnpm bench` runs it; alone: `pnpm --filter @gatehouse/bench exec tsx src/row-security.ts`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appRouter, createInnerContext } from '@gatehouse/api-contract';
import { authFor } from '@gatehouse/api-contract/testing';
import { PERSONAS } from '@gatehouse/auth';
import {
  type DatabaseHandle,
  type DatabaseTarget,
  IN_MEMORY,
  migrateDatabase,
  notes,
  openDatabase,
  seedPeople,
  tasks,
} from '@gatehouse/db';
import { median } from './in-process';

const ROWS_PER_SCOPE = 50;
const PAGE = 20;
const PROCEDURES = ['tasks.list', 'notes.list'] as const;
type Variant = 'with RLS' | 'without RLS';

export interface RowSecurityFigure {
  driver: DatabaseTarget['driver'];
  procedure: (typeof PROCEDURES)[number];
  callsPerSec: Record<Variant, number>;
  /** Median over rounds of (with RLS / without RLS) calls per second; ≥ 0.9 is the target. */
  ratio: number;
  /** Wall-clock µs added per call, from the pooled rates. */
  addedMicros: number;
}

/** Rows of every persona and org, so the policies have something to filter out. */
async function arrange(handle: DatabaseHandle) {
  const db = handle.privileged;
  await seedPeople(db, PERSONAS);
  const many = <T>(make: (i: number) => T) => Array.from({ length: ROWS_PER_SCOPE }, (_, i) => make(i));
  for (const orgId of ['org_acme', 'org_globex'])
    await db.insert(tasks).values(many((i) => ({ orgId, title: `task ${i}`, createdBy: 'user_alice' })));
  for (const { userId } of PERSONAS)
    await db.insert(notes).values(many((i) => ({ ownerId: userId, title: `note ${i}` })));
}

async function measureOn(
  handle: DatabaseHandle,
  { rounds, calls, concurrency }: { rounds: number; calls: number; concurrency: number },
): Promise<RowSecurityFigure[]> {
  const auth = authFor({ persona: 'alice' });
  const databases = { 'with RLS': handle, 'without RLS': { scoped: () => handle.privileged } };
  let requests = 0;
  const call = (variant: Variant, procedure: (typeof PROCEDURES)[number]) => {
    const ctx = createInnerContext({ auth, requestId: `bench-${++requests}`, database: databases[variant] });
    const caller = appRouter.createCaller(ctx);
    return procedure === 'tasks.list'
      ? caller.tasks.list({ limit: PAGE })
      : caller.notes.list({ limit: PAGE });
  };
  const run = async (variant: Variant, procedure: (typeof PROCEDURES)[number], count: number) => {
    let next = 0;
    const worker = async () => {
      while (next++ < count) {
        const page = await call(variant, procedure);
        if (page.items.length !== PAGE) throw new Error(`${procedure} ${variant}: ${page.items.length} rows`);
      }
    };
    const start = process.hrtime.bigint();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return (count * 1e9) / Number(process.hrtime.bigint() - start);
  };
  const figures: RowSecurityFigure[] = [];
  for (const procedure of PROCEDURES) {
    for (const variant of ['with RLS', 'without RLS'] as const) await run(variant, procedure, calls / 4);
    const perRound: Record<Variant, number>[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const order =
        round % 2 === 0 ? (['with RLS', 'without RLS'] as const) : (['without RLS', 'with RLS'] as const);
      const rates = {} as Record<Variant, number>;
      for (const variant of order) rates[variant] = await run(variant, procedure, calls);
      perRound.push(rates);
    }
    const pooled = (variant: Variant) =>
      (rounds * calls) / perRound.reduce((sum, rates) => sum + calls / rates[variant], 0);
    const callsPerSec = { 'with RLS': pooled('with RLS'), 'without RLS': pooled('without RLS') };
    figures.push({
      driver: handle.target.driver,
      procedure,
      callsPerSec,
      ratio: median(perRound.map((rates) => rates['with RLS'] / rates['without RLS'])),
      addedMicros: 1e6 / callsPerSec['with RLS'] - 1e6 / callsPerSec['without RLS'],
    });
  }
  return figures;
}

/** A database of its own on the server DATABASE_URL names; dropped by the returned function. */
async function ownPostgresDatabase(
  url: string,
): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  const name = `gatehouse_bench_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ driver: 'postgres', url, poolMax: 1 });
  await admin.privileged.execute(`create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  return {
    target: { driver: 'postgres', url: own.toString() },
    drop: async () => {
      await admin.privileged.execute(`drop database if exists ${name} with (force)`);
      await admin.close();
    },
  };
}

export async function measureRowSecurity(
  log: (line: string) => void,
  plan = { rounds: 6, calls: 600, concurrency: 8 },
): Promise<RowSecurityFigure[]> {
  const figures: RowSecurityFigure[] = [];
  const targets: Array<{ target: DatabaseTarget; drop?: () => Promise<void> }> = [
    { target: { driver: 'pglite', dataDir: IN_MEMORY } },
  ];
  if (process.env.DATABASE_URL) targets.push(await ownPostgresDatabase(process.env.DATABASE_URL));
  else log('row-level security on Postgres: skipped (set DATABASE_URL to measure it)');
  for (const { target, drop } of targets) {
    log(`row-level security on ${target.driver}: ${plan.rounds} rounds × ${plan.calls} calls per variant`);
    const handle = await openDatabase(target);
    try {
      await migrateDatabase(handle);
      await arrange(handle);
      figures.push(...(await measureOn(handle, plan)));
    } finally {
      await handle.close();
      await drop?.();
    }
  }
  return figures;
}

export function formatRowSecurity(figures: RowSecurityFigure[]): string {
  const lines = [
    '\n### Row-level security (in-process, through the router; target: with/without ≥ 0.90×)\n',
    '| database | procedure | calls/s with RLS | calls/s without | ratio (median) | µs added per call | target |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const figure of figures) {
    const { driver, procedure, callsPerSec, ratio, addedMicros } = figure;
    lines.push(
      `| ${driver} | ${procedure} | ${callsPerSec['with RLS'].toFixed(0)} | ${callsPerSec['without RLS'].toFixed(0)} | ` +
        `${ratio.toFixed(2)}× | ${addedMicros.toFixed(0)} | ${ratio >= 0.9 ? 'met' : 'NOT met'} |`,
    );
  }
  return lines.join('\n');
}

/** Measures, prints the table, and writes results/row-security-latest.json. */
export async function reportRowSecurity(log: (line: string) => void): Promise<RowSecurityFigure[]> {
  const figures = await measureRowSecurity(log);
  console.log(formatRowSecurity(figures));
  const resultsDir = resolve(import.meta.dirname, '../results');
  mkdirSync(resultsDir, { recursive: true });
  const json = JSON.stringify({ date: new Date().toISOString(), figures }, null, 2);
  writeFileSync(join(resultsDir, 'row-security-latest.json'), json);
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await reportRowSecurity((line) => console.error(`[bench] ${line}`));
}
