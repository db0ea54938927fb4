/**
 * Test support (never imported by app code): every data test runs once per driver. PGlite always;
 * Postgres when TEST_DATABASE_URL is set, each run in a database of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type DatabaseHandle, type DatabaseTarget, IN_MEMORY, openDatabase } from './client';
import { migrateDatabase } from './migrate';
import type { Database } from './schema';

export interface TestDatabase {
  handle: DatabaseHandle;
  /** Closes the handle and, on Postgres, drops the run's database. */
  dispose(): Promise<void>;
}

export interface TestDriver {
  name: 'pglite' | 'postgres';
  /** False when the driver cannot run here (no TEST_DATABASE_URL): use with `describe.skipIf`. */
  available: boolean;
  /** A fresh, migrated database. Slow-ish (PGlite boots in seconds): open one per file, `truncateAll` between tests. */
  open(): Promise<TestDatabase>;
  /** A fresh, empty (unmigrated) target, for tests that open it themselves (e.g. through the API's env). */
  createTarget(): Promise<{ target: DatabaseTarget; url: string; drop(): Promise<void> }>;
}

const adminUrl = process.env.TEST_DATABASE_URL;
if (!adminUrl) {
  console.warn(
    '[skipped] Postgres variants of the data tests: TEST_DATABASE_URL not set (PGlite variants run)',
  );
}

async function createPostgresDatabase(url: string) {
  const { default: pg } = await import('pg');
  const name = `gatehouse_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`).finally(() => admin.end());
  const own = new URL(url);
  own.pathname = `/${name}`;
  return {
    url: own.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`).finally(() => cleanup.end());
    },
  };
}

async function openMigrated(target: DatabaseTarget, drop: () => Promise<void>): Promise<TestDatabase> {
  const handle = await openDatabase(target);
  await migrateDatabase(handle);
  return {
    handle,
    async dispose() {
      await handle.close();
      await drop();
    },
  };
}

const noop = async () => {};

export const TEST_DRIVERS: readonly TestDriver[] = [
  {
    name: 'pglite',
    available: true,
    open: () => openMigrated({ driver: 'pglite', dataDir: IN_MEMORY }, noop),
    createTarget: async () => ({
      target: { driver: 'pglite', dataDir: IN_MEMORY },
      url: IN_MEMORY,
      drop: noop,
    }),
  },
  {
    name: 'postgres',
    available: adminUrl !== undefined && adminUrl !== '',
    async open() {
      const created = await createPostgresDatabase(adminUrl!);
      return openMigrated({ driver: 'postgres', url: created.url, poolMax: 4 }, created.drop);
    },
    async createTarget() {
      const created = await createPostgresDatabase(adminUrl!);
      return { target: { driver: 'postgres', url: created.url, poolMax: 4 }, ...created };
    },
  },
];

/** Empties every table; cheaper than a new database between tests. */
export async function truncateAll(db: Database): Promise<void> {
  await db.execute(
    sql`truncate table notes, tasks, users, organizations, memberships, webhook_events, task_events, task_event_counters restart identity`,
  );
}
