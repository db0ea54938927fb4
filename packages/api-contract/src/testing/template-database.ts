/**
 * A fresh, migrated embedded database per harness, without paying PGlite's initdb each time (seconds on
 * a busy CI machine). The first harness on a machine migrates a database and dumps it with PGlite's own
 * `dumpDataDir` to the OS temp dir; every later one, in any worker or run, boots from that dump with
 * `loadDataDir` (about 3× faster). The file name hashes the migrations and the PGlite version, so a new
 * migration or upgrade makes a new dump; it is written to a temp name and renamed, so parallel workers
 * never read half a file. A dump that fails to load is discarded and rebuilt.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrationsFolder } from '@gatehouse/db';
import { type Database, schema } from '@gatehouse/db/schema';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

export interface TestDatabase {
  db: Database;
  close(): Promise<void>;
}

const PREFIX = 'gatehouse-test-db-';

/** Its package.json is not in its `exports`: found from the resolved entry point instead. */
function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (dir !== dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    } catch {
      // no package.json at this level
    }
    dir = dirname(dir);
  }
  throw new Error('Cannot find the version of @electric-sql/pglite');
}

function templatePath(): string {
  const hash = createHash('sha256');
  const folder = migrationsFolder();
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort();
  for (const file of files.filter((name) => /\.(sql|json)$/.test(name))) {
    hash.update(file).update(readFileSync(join(folder, file)));
  }
  hash.update(pgliteVersion());
  return join(tmpdir(), `${PREFIX}${hash.digest('hex').slice(0, 16)}.tar.gz`);
}

async function open(client: PGlite): Promise<TestDatabase> {
  const db = drizzle({ client, schema });
  // The committed migrations, as `migrateDatabase` applies them to PGlite; a no-op on an up-to-date dump.
  await migrate(db, { migrationsFolder: migrationsFolder() });
  return { db, close: () => client.close() };
}

let template: Blob | undefined;

/** Best effort: without a saved dump the next worker only pays initdb again. */
async function saveTemplate(path: string, dump: Blob): Promise<void> {
  const partial = `${path}.${process.pid}.partial`;
  try {
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, path);
    // Finished dumps of other migrations are dead weight (~5 MB each); `.partial` files are someone's write.
    for (const file of readdirSync(tmpdir())) {
      const other = join(tmpdir(), file);
      if (file.startsWith(PREFIX) && file.endsWith('.tar.gz') && other !== path)
        rmSync(other, { force: true });
    }
  } catch (error) {
    rmSync(partial, { force: true });
    console.warn(`[test-db] could not save the template database to ${path}: ${(error as Error).message}`);
  }
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const path = templatePath();
  if (!template) {
    try {
      template = new Blob([readFileSync(path)]);
    } catch {
      // No dump yet on this machine: built below.
    }
  }
  if (template) {
    try {
      return await open(await PGlite.create({ loadDataDir: template }));
    } catch {
      template = undefined;
      rmSync(path, { force: true });
    }
  }
  const client = await PGlite.create();
  const fresh = await open(client);
  template = await client.dumpDataDir('gzip');
  await saveTemplate(path, template);
  return fresh;
}
