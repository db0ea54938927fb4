import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Memory of the embedded database. PGlite runs one Postgres backend inside this process, as
 * WebAssembly, and Postgres touches its whole `shared_buffers` (128 MB by initdb's default) as pages
 * are read: on a long-running API that is resident memory for a cache the OS page cache (PGlite's
 * files are ordinary files) already provides. 16 MB holds this schema's hot pages (a 10,000-task org's
 * index and heap pages fit; `pnpm bench` compares `tasks.list` at 10 and 10,000 tasks), and the WAL
 * buffers follow it (a 32nd of it by default). `work_mem` and `maintenance_work_mem` stay at
 * Postgres's defaults (4 MB / 64 MB): they are per sort and per index build, not resident.
 */
export const PGLITE_MEMORY_SETTINGS = ['shared_buffers=16MB', 'temp_buffers=2MB'] as const;

/** PGlite's own start parameters plus ours (`-c name=value` each), for `PGlite.create`. */
export function pgliteStartParams(defaults: readonly string[]): string[] {
  return [...defaults, ...PGLITE_MEMORY_SETTINGS.flatMap((setting) => ['-c', setting])];
}

/**
 * Runs initdb for a new data directory in a short-lived child process. In-process, PGlite's initdb
 * boots a second Postgres instance and the initdb WebAssembly module beside the real one; V8 frees
 * their memories once they are closed, but the process keeps the pages (about 400 MB of RSS measured
 * after start-up, for the life of the process). A child returns them to the OS when it exits; it
 * costs a Node start (about a second) once per data directory. Later starts find `PG_VERSION` and
 * skip this.
 */
export async function initializeDataDirOutOfProcess(dataDir: string, startParams: string[]): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  // Resolved here, so the child loads the very PGlite this process would (bundle or source alike).
  const pgliteUrl = import.meta.resolve('@electric-sql/pglite');
  const script = [
    'const { PGlite } = await import(process.env.PGLITE_URL);',
    'const params = JSON.parse(process.env.PGLITE_START_PARAMS);',
    'const db = await PGlite.create(process.env.PGLITE_DATA_DIR, { startParams: params });',
    'await db.close();',
  ].join('\n');
  try {
    await promisify(execFile)(process.execPath, ['--input-type=module', '--eval', script], {
      env: {
        PATH: process.env.PATH ?? '',
        PGLITE_URL: pgliteUrl,
        PGLITE_DATA_DIR: dataDir,
        PGLITE_START_PARAMS: JSON.stringify(startParams),
      },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(
      `Could not create the embedded database at ${dataDir}: ${stderr?.trim() || (error as Error).message}`,
    );
  }
}
