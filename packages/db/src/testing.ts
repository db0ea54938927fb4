/**
 * Test databases (never imported by app code). Data tests run once per driver with
 * `describeEachDriver`: PGlite always; Postgres when TEST_DATABASE_URL is set, in a database of its own
 * (created for the test file, dropped after). Between tests, `truncate()` is far cheaper than a new one.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe } from 'vitest';
import { type DatabaseHandle, type DatabaseTarget, IN_MEMORY, openDatabase } from './client';
import { migrateDatabase } from './migrate';
import { openFromTemplate, saveTemplate } from './pglite-template';
import type { Database } from './schema';

export type TestDriverName = 'pglite' | 'postgres';

/** A fresh, migrated database of its own. */
export interface TestDatabase {
  readonly driver: TestDriverName;
  readonly handle: DatabaseHandle;
  /** The privileged handle (`handle.privileged`): for arranging rows and asserting on them. */
  readonly db: Database;
  /** Empties every table. */
  truncate(): Promise<void>;
  /** Closes the handle and, on Postgres, drops the database. Idempotent. */
  close(): Promise<void>;
}

/** A fresh, empty (unmigrated) database, for tests that open it themselves (e.g. through the API's env). */
export interface TestTarget {
  target: DatabaseTarget;
  /** DATABASE_URL for it: a Postgres URL, or `memory://`. */
  url: string;
  drop(): Promise<void>;
}

export interface TestDriver {
  readonly name: TestDriverName;
  /** False when the driver cannot run here (no TEST_DATABASE_URL). */
  readonly available: boolean;
  open(): Promise<TestDatabase>;
  createTarget(): Promise<TestTarget>;
}

const adminUrl = process.env.TEST_DATABASE_URL || undefined;

async function createPostgresTarget(): Promise<TestTarget> {
  const url = adminUrl;
  if (!url) throw new Error('The postgres test driver needs TEST_DATABASE_URL');
  const { default: pg } = await import('pg');
  const name = `gatehouse_test_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`create database ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  return {
    target: { driver: 'postgres', url: own.toString(), poolMax: 4 },
    url: own.toString(),
    drop: () => admin(`drop database if exists ${name} with (force)`),
  };
}

function testDatabase(driver: TestDriverName, handle: DatabaseHandle, drop: () => Promise<void>) {
  let closing: Promise<void> | undefined;
  return {
    driver,
    handle,
    db: handle.privileged,
    truncate: () => truncateAll(handle.privileged),
    close() {
      closing ??= handle.close().then(drop);
      return closing;
    },
  } satisfies TestDatabase;
}

const noop = async () => {};

const pglite: TestDriver = {
  name: 'pglite',
  available: true,
  async open() {
    const fromDump = await openFromTemplate();
    if (fromDump) return testDatabase('pglite', fromDump, noop);
    // No usable dump on this machine yet: initdb and migrate, then dump it for the next ones.
    const handle = await openDatabase({ driver: 'pglite', dataDir: IN_MEMORY });
    await migrateDatabase(handle);
    await saveTemplate(handle);
    return testDatabase('pglite', handle, noop);
  },
  createTarget: async () => ({
    target: { driver: 'pglite', dataDir: IN_MEMORY },
    url: IN_MEMORY,
    drop: noop,
  }),
};

const postgres: TestDriver = {
  name: 'postgres',
  available: adminUrl !== undefined,
  async open() {
    const created = await createPostgresTarget();
    const handle = await openDatabase(created.target);
    try {
      await migrateDatabase(handle);
    } catch (error) {
      await handle.close();
      await created.drop();
      throw error;
    }
    return testDatabase('postgres', handle, created.drop);
  },
  createTarget: createPostgresTarget,
};

/** PGlite first: it is always available. */
export const TEST_DRIVERS: readonly TestDriver[] = [pglite, postgres];

/** A fresh, migrated database on `driver` (PGlite by default, booted from a migrated dump). */
export function openTestDatabase(driver: TestDriverName = 'pglite'): Promise<TestDatabase> {
  return (driver === 'pglite' ? pglite : postgres).open();
}

/**
 * `describe(`${title} on ${driver}`)` once per driver; the Postgres one is reported as skipped (and
 * said so on stderr) without TEST_DATABASE_URL. `define` registers the tests, typically opening a
 * database or a harness on `driver` before them.
 */
export function describeEachDriver(title: string, define: (driver: TestDriver) => void): void {
  describe(`${title} on pglite`, () => define(pglite));
  describeOnPostgres(`${title} on postgres`, define);
}

/** Tests that need a real Postgres server (several connections or processes on one database). */
export function describeOnPostgres(title: string, define: (driver: TestDriver) => void): void {
  if (!postgres.available) console.warn(`[skipped] ${title}: TEST_DATABASE_URL not set`);
  describe.skipIf(!postgres.available)(title, () => define(postgres));
}

/**
 * Something the enclosing `describe`'s tests share (a database, a harness, a running API): opened
 * before them, closed after them. The returned function gives it inside tests and hooks.
 */
export function openForAll<T>(what: string, open: () => Promise<T>, close: (value: T) => unknown): () => T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await open();
  });
  afterAll(() => value !== undefined && close(value));
  return () => {
    if (value === undefined) throw new Error(`${what} is opened before the tests: use it inside them`);
    return value;
  };
}

/** Empties every table. */
export async function truncateAll(db: Database): Promise<void> {
  await db.execute(
    sql`truncate table notes, tasks, users, organizations, memberships, webhook_events, task_events, task_event_counters, idempotency_keys restart identity`,
  );
}

export { type DatabaseOutage, databaseOutage } from './testing-outage';
