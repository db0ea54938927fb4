import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, migrateDatabase, migrationsFolder, openDatabase } from '../src';
import { describeEachDriver, describeOnPostgres } from '../src/testing';

const TABLES = [
  'idempotency_keys',
  'memberships',
  'notes',
  'organizations',
  'task_event_counters',
  'task_events',
  'tasks',
  'users',
  'webhook_events',
];

/** Both drivers answer raw SQL with `{ rows }`; the shared `Database` type leaves the result opaque. */
async function query<Row>(handle: DatabaseHandle, statement: SQL): Promise<Row[]> {
  return ((await handle.privileged.execute(statement)) as unknown as { rows: Row[] }).rows;
}

async function tableNames(handle: DatabaseHandle) {
  const rows = await query<{ table_name: string }>(
    handle,
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  return rows.map((row) => row.table_name);
}

/** Every migration the journal lists. */
const committedMigrations = (
  JSON.parse(readFileSync(join(migrationsFolder(), 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }
).entries.length;

const appliedMigrations = (handle: DatabaseHandle) =>
  query<{ n: number }>(handle, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);

describeEachDriver('migrations', (driver) => {
  it('creates every table, and a second run is a no-op', async () => {
    const created = await driver.createTarget();
    const handle = await openDatabase(created.target);
    try {
      expect(await tableNames(handle)).toEqual([]);
      await migrateDatabase(handle);
      expect(await tableNames(handle)).toEqual(TABLES);
      await migrateDatabase(handle);
      expect(await appliedMigrations(handle)).toEqual([{ n: committedMigrations }]);
    } finally {
      await handle.close();
      await created.drop();
    }
  });

  it('answers ping while open and rejects once closed', async () => {
    const created = await driver.createTarget();
    const handle = await openDatabase(created.target);
    await expect(handle.ping()).resolves.toBeUndefined();
    await handle.close();
    await expect(handle.ping()).rejects.toThrow();
    await expect(handle.close()).resolves.toBeUndefined();
    await created.drop();
  });
});

describeOnPostgres('migrations on postgres, several replicas at once', (postgres) => {
  it('apply once when three processes start together', async () => {
    const created = await postgres.createTarget();
    const handles = await Promise.all([1, 2, 3].map(() => openDatabase(created.target)));
    try {
      await Promise.all(handles.map((handle) => migrateDatabase(handle)));
      expect(await appliedMigrations(handles[0]!)).toEqual([{ n: committedMigrations }]);
    } finally {
      await Promise.all(handles.map((handle) => handle.close()));
      await created.drop();
    }
  });
});

describe('embedded database directory lock', () => {
  const root = mkdtempSync(join(tmpdir(), 'gatehouse-pglite-'));
  const dataDir = join(root, 'pglite');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a second open of the same directory, and allows it after close', async () => {
    const first = await openDatabase({ driver: 'pglite', dataDir });
    await expect(openDatabase({ driver: 'pglite', dataDir })).rejects.toThrow(/in use by process \d+/);
    await first.close();
    // A lock left by a process that no longer exists is taken over, even one bearing our pid
    // (a container restarted as pid 1 again), since this process does not hold the directory.
    writeFileSync(`${dataDir}.lock`, String(2 ** 30));
    const second = await openDatabase({ driver: 'pglite', dataDir });
    await second.close();
    writeFileSync(`${dataDir}.lock`, String(process.pid));
    const third = await openDatabase({ driver: 'pglite', dataDir });
    await expect(openDatabase({ driver: 'pglite', dataDir })).rejects.toThrow(/in use by process/);
    await migrateDatabase(third);
    expect(await tableNames(third)).toEqual(TABLES);
    await third.close();
  });
});
