import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { DatabaseHandle } from './client';
import type { schema } from './schema';

/**
 * The committed SQL migrations. In the workspace they sit next to `src/`; in the API's tsup bundle
 * they are copied to `dist/drizzle` beside the bundled code (see apps/api/tsup.config.ts).
 */
export function migrationsFolder(): string {
  const candidates = [new URL('../drizzle', import.meta.url), new URL('./drizzle', import.meta.url)];
  for (const candidate of candidates) {
    const path = fileURLToPath(candidate);
    if (existsSync(`${path}/meta/_journal.json`)) return path;
  }
  throw new Error(`No migrations found (looked in ${candidates.map((c) => fileURLToPath(c)).join(', ')})`);
}

/** Any fixed 64-bit number works; it names "Gatehouse migrations" among the server's advisory locks. */
const MIGRATION_LOCK_ID = 7_242_001_337;

/**
 * Applies pending migrations. Safe with several API replicas starting at once: on Postgres they queue on a
 * session advisory lock held on one dedicated connection (drizzle's migrator takes none, and two concurrent
 * `CREATE SCHEMA IF NOT EXISTS` can fail); PGlite has a single connection and a file lock.
 */
export async function migrateDatabase({ privileged: db, target }: DatabaseHandle): Promise<void> {
  const config = { migrationsFolder: migrationsFolder() };
  if (target.driver === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(db as PgliteDatabase<typeof schema>, config);
    return;
  }
  const [{ default: pg }, { drizzle }, { migrate }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
  const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const locked: NodePgDatabase = drizzle({ client });
    await locked.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`);
    try {
      await migrate(locked, config);
    } finally {
      await locked.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`);
    }
  } finally {
    await client.end();
  }
}
