/**
 * `pnpm bench --soak` (not part of the tests): the built API in Clerk mode under a mixed load for 10
 * minutes — reads at full speed, idempotent writes (create, update, delete), live streams opened and
 * closed all along, refused tokens — and its RSS, heap, active handles, pool connections and open
 * streams read at the start (once warm) and at the end. Growth past 10 % once warm is a leak to chase.
 * Options: --soak-minutes 10 (shorter to try it), --database-url postgres://… (a scratch database;
 * default: the embedded one in a temp folder). Stats come from the process itself (SIGUSR2 → stderr).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startBuiltApi } from '@gatehouse/api/testing';
import { runLoad } from './load';
import { report, type Stats } from './soak-report';
import { clerk, sessionToken } from './tokens';

const log = (line: string) => console.error(`[soak] ${line}`);

/** Runs the soak when `--soak` was given; false otherwise (the regular bench runs). */
export async function runSoakIfAsked(): Promise<boolean> {
  if (!process.argv.includes('--soak')) return false;
  const { values } = parseArgs({
    strict: false,
    options: { 'soak-minutes': { type: 'string', default: '10' }, 'database-url': { type: 'string' } },
  });
  const minutes = Number(values['soak-minutes']);
  if (!(minutes > 0)) throw new Error('--soak-minutes must be a positive number');
  await soak(minutes * 60_000, values['database-url'] as string | undefined);
  return true;
}

async function soak(durationMs: number, databaseUrl: string | undefined) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-soak-'));
  const api = await startBuiltApi({
    env: {
      NODE_ENV: 'production',
      ...clerk.apiEnv,
      DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      RATE_LIMIT_MAX: '1000000000',
      RATE_LIMIT_AUTH_FAILURE_MAX: '1000000000',
      LIVE_MAX_STREAMS_PER_CALLER: '100',
      LOG_LEVEL: 'warn',
    },
    discardStdout: true,
  });
  const token = sessionToken(`sess_soak_${randomUUID()}`);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let reads = 0;
  const counts = { writes: 0, streamsOpened: 0, refused: 0, failures: 0 };

  const readStats = async (): Promise<Stats> => {
    const before = api.stderr().length;
    api.child.kill('SIGUSR2');
    for (;;) {
      const line = api
        .stderr()
        .slice(before)
        .split('\n')
        .find((text) => text.includes('"processStats"'));
      if (line) return (JSON.parse(line) as { processStats: Stats }).processStats;
      await delay(20);
    }
  };

  const until = Date.now() + durationMs;
  const running = () => Date.now() < until;
  const call = async (path: string, input: unknown) => {
    const res = await fetch(`${api.url}/trpc/${path}`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ json: input }),
    });
    if (res.status !== 200) {
      counts.failures += 1;
      throw new Error(`${path}: ${res.status} ${await res.text()}`);
    }
    counts.writes += 1;
    return ((await res.json()) as { result: { data: { json: { id: string } } } }).result.data.json;
  };
  const writer = async () => {
    while (running()) {
      const { id } = await call('tasks.create', { title: `soak ${randomUUID()}` });
      await call('tasks.update', { id, done: true });
      await call('tasks.delete', { id });
    }
  };
  const openStream = () => {
    const controller = new AbortController();
    counts.streamsOpened += 1;
    void fetch(`${api.url}/trpc/tasks.onChange`, {
      headers: { accept: 'text/event-stream', authorization: headers.authorization },
      signal: controller.signal,
    })
      .then(async (res) => {
        for await (const _chunk of res.body ?? []) {
          // Read and dropped: a subscriber that keeps up.
        }
      })
      .catch(() => {});
    return controller;
  };
  const streams = async () => {
    const open = Array.from({ length: 8 }, openStream);
    while (running()) {
      await delay(2_000);
      open.shift()?.abort();
      open.push(openStream());
    }
    for (const stream of open) stream.abort();
  };
  const refused = async () => {
    while (running()) {
      await fetch(`${api.url}/trpc/me`, { headers: { authorization: 'Bearer not-a-token' } }).then((r) =>
        r.text(),
      );
      counts.refused += 1;
      await delay(50);
    }
  };
  const reader = async () => {
    while (running()) {
      const left = Math.min(30, (until - Date.now()) / 1000);
      if (left < 1) break;
      const sample = await runLoad(
        { url: `${api.url}/trpc/tasks.list`, headers },
        { connections: 4, durationS: left },
      );
      reads += sample.requests;
    }
  };

  // Heap and RSS move with every GC: the least of a few readings a second apart is the live size.
  const settledStats = async () => {
    const readings: Stats[] = [];
    for (let i = 0; i < 5; i += 1) {
      readings.push(await readStats());
      await delay(1_000);
    }
    const least = (pick: (stats: Stats) => number) => Math.min(...readings.map(pick));
    return {
      ...readings.at(-1)!,
      rssBytes: least((x) => x.rssBytes),
      heapUsedBytes: least((x) => x.heapUsedBytes),
    };
  };
  const warmupMs = Math.min(60_000, durationMs / 10);
  log(
    `${durationMs / 60_000} min mixed soak on ${databaseUrl ? 'Postgres' : 'PGlite'}; warm-up ${warmupMs / 1000} s`,
  );
  const load = Promise.all([writer(), writer(), streams(), refused(), reader()]);
  try {
    await delay(warmupMs);
    const start = await settledStats();
    log(`start ${JSON.stringify(start)}`);
    await delay(Math.max(0, until - Date.now() - 10_000));
    const end = await settledStats();
    log(`end ${JSON.stringify(end)}`);
    await load;
    report(start, end, {
      durationMs,
      warmupMs,
      reads,
      ...counts,
      database: databaseUrl ? 'postgres' : 'pglite',
    });
  } finally {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
