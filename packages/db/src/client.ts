import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { guardPool } from './pg-guard';
import { guardPglite } from './pglite-guard';
import { lockDataDir } from './pglite-lock';
import { initializeDataDirOutOfProcess, pgliteStartParams } from './pglite-memory';
import type { CallerScope, ScopedDatabases } from './row-security';
import { type Database, schema } from './schema';
import { tracePgliteStatements, traceStatements } from './statement-tracing';

export const IN_MEMORY = 'memory://';

/** Where the data lives: a Postgres server, or embedded PGlite in a directory (or `memory://`). */
export type DatabaseTarget =
  | {
      driver: 'postgres';
      url: string;
      poolMax?: number;
      /** Server-side `statement_timeout`; a statement cut by it is an outage (503), not a bug. 0: none. */
      statementTimeoutMs?: number;
    }
  | { driver: 'pglite'; dataDir: string };

/**
 * The process's one database handle. Requests use `scoped(caller)`: row-level security limits every
 * statement to the caller's rows (./row-security). `privileged` bypasses it, for the code that must see
 * every row — migrations, webhook sync, seeding, tests arranging data — and is never put in a request
 * context (docs/architecture.md lists who holds it).
 */
export interface DatabaseHandle extends ScopedDatabases {
  readonly privileged: Database;
  readonly target: DatabaseTarget;
  /** Resolves when the database answers `select 1` within `timeoutMs`; rejects otherwise. */
  ping(timeoutMs?: number): Promise<void>;
  /** Idempotent: later calls resolve immediately. */
  close(): Promise<void>;
  /** Postgres: connections of the pool, for metrics; null for PGlite (no pool). */
  poolUsage(): PoolUsage | null;
}

export interface PoolUsage {
  total: number;
  idle: number;
  /** Queries waiting for a free connection. */
  waiting: number;
}

export interface OpenOptions {
  /**
   * Errors of pooled connections, idle or checked out (e.g. the server restarted). Unhandled, they
   * would crash the process; the queries they fail are classified as outages (./pg-guard).
   */
  onPoolError?: (error: Error) => void;
  /** PGlite only: boot from this data-directory dump (PGlite's `dumpDataDir`) instead of initdb. */
  loadDataDir?: Blob;
}

export async function openDatabase(
  target: DatabaseTarget,
  options: OpenOptions = {},
): Promise<DatabaseHandle> {
  return target.driver === 'postgres' ? openPostgres(target, options) : openPglite(target, options);
}

async function openPostgres(
  target: Extract<DatabaseTarget, { driver: 'postgres' }>,
  { onPoolError = (error) => console.error(`[db] connection error: ${error.message}`) }: OpenOptions,
): Promise<DatabaseHandle> {
  const [{ default: pg }, { drizzle }, { scopedPostgres }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('./scoped-postgres'),
  ]);
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolMax ?? 10,
    // pg waits forever for a connection by default: a dead server would hang requests and /readyz.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    ...(target.statementTimeoutMs ? { statement_timeout: target.statementTimeoutMs } : {}),
  });
  guardPool(pool, onPoolError);
  // Traced in place: scoped handles borrow connections from the same (traced, guarded) pool.
  const db = drizzle({ client: traceStatements(pool), schema });
  const poolUsage = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
  return { ...handle(db, scopedPostgres(pool), target, () => pool.end()), poolUsage };
}

async function openPglite(
  target: Extract<DatabaseTarget, { driver: 'pglite' }>,
  { loadDataDir }: OpenOptions,
): Promise<DatabaseHandle> {
  const [{ PGlite }, { drizzle }, { scopedPglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('./scoped-pglite'),
  ]);
  const inMemory = target.dataDir === IN_MEMORY;
  const dataDir = inMemory ? IN_MEMORY : resolve(target.dataDir);
  const unlock = inMemory ? () => {} : lockDataDir(dataDir);
  try {
    const startParams = pgliteStartParams(PGlite.defaultStartParams);
    // A new directory on disk: its initdb runs in a child process (see pglite-memory.ts).
    if (!inMemory && !loadDataDir) await initializeDataDirOutOfProcess(dataDir, startParams);
    const client = await PGlite.create(dataDir, { startParams, ...(loadDataDir ? { loadDataDir } : {}) });
    let closing = false;
    const guarded = guardPglite(tracePgliteStatements(client), () => closing);
    const db = drizzle({ client: guarded, schema });
    return handle(db, scopedPglite(guarded), { driver: 'pglite', dataDir }, async () => {
      closing = true;
      try {
        await client.close();
      } finally {
        unlock();
      }
    });
  } catch (error) {
    unlock();
    throw error;
  }
}

function handle(
  db: Database,
  scoped: (caller: CallerScope) => Database,
  target: DatabaseTarget,
  release: () => Promise<void>,
): DatabaseHandle {
  let closing: Promise<void> | undefined;
  return {
    privileged: db,
    scoped,
    target,
    poolUsage: () => null,
    async ping(timeoutMs = 2_000) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`database did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      try {
        await Promise.race([db.execute(sql`select 1`), timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
    close() {
      closing ??= release();
      return closing;
    },
  };
}

/** For logs: never the URL itself, which may carry a password. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.driver === 'pglite') return `PGlite (${target.dataDir})`;
  const url = new URL(target.url);
  return `Postgres (${url.host}${url.pathname})`;
}
