/**
 * `pnpm db:migrate`: applies the committed migrations to the database the API would use, then exits.
 * Same variables as the API (DATABASE_URL, DATA_DIR). pnpm runs this in packages/db, so a relative
 * DATA_DIR is resolved against apps/api, the API's working directory, to find the same embedded database.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeTarget, openDatabase } from './client';
import { migrateDatabase } from './migrate';
import { isDatabaseUrl, resolveTarget } from './target';

const apiDir = fileURLToPath(new URL('../../../apps/api/', import.meta.url));
const dataDir = process.env.DATA_DIR || '.data';
const databaseUrl = process.env.DATABASE_URL || undefined;

if (databaseUrl !== undefined && !isDatabaseUrl(databaseUrl)) {
  console.error('DATABASE_URL must be a postgres:// or postgresql:// URL (or memory://)');
  process.exit(1);
}

const target = resolveTarget({
  DATABASE_URL: databaseUrl,
  DATA_DIR: isAbsolute(dataDir) ? dataDir : resolve(apiDir, dataDir),
});
try {
  const handle = await openDatabase(target);
  try {
    await migrateDatabase(handle);
  } finally {
    await handle.close();
  }
  console.log(`Migrations applied to ${describeTarget(target)}`);
} catch (error) {
  console.error(`Migrations failed on ${describeTarget(target)}: ${(error as Error).message}`);
  process.exitCode = 1;
}
