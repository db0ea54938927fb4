/**
 * Test support: a fresh, migrated PGlite without paying initdb each time (seconds on a busy CI
 * machine). The first test database on a machine is migrated and dumped with PGlite's own
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
import type { PGlite } from '@electric-sql/pglite';
import { type DatabaseHandle, IN_MEMORY, openDatabase } from './client';
import { migrateDatabase, migrationsFolder } from './migrate';

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

let path: string | undefined;
let template: Blob | undefined;

/** A new in-memory database from the saved dump; null when there is none (yet) on this machine. */
export async function openFromTemplate(): Promise<DatabaseHandle | null> {
  path ??= templatePath();
  if (!template) {
    try {
      template = new Blob([readFileSync(path)]);
    } catch {
      return null;
    }
  }
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase({ driver: 'pglite', dataDir: IN_MEMORY }, { loadDataDir: template });
    // A no-op on an up-to-date dump; it keeps the dump honest if it ever is not.
    await migrateDatabase(handle);
    return handle;
  } catch {
    await handle?.close().catch(() => {});
    template = undefined;
    rmSync(path, { force: true });
    return null;
  }
}

/** Dumps a freshly migrated database for the next ones. Best effort: without it they pay initdb. */
export async function saveTemplate(handle: DatabaseHandle): Promise<void> {
  path ??= templatePath();
  // drizzle keeps the driver's client on `$client`; the shared `Database` type does not show it.
  const { $client } = handle.privileged as unknown as { $client: PGlite };
  const dump = await $client.dumpDataDir('gzip');
  template = dump;
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
