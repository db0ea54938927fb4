import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Data directories this process holds: the lock file alone cannot tell "mine" from "a dead me". */
const heldHere = new Set<string>();

/**
 * PGlite is a single-user Postgres: two processes (say `pnpm dev` and `pnpm db:migrate`) opening the
 * same data directory corrupt it, and PGlite itself takes no lock. Hand-written because no installed
 * library does this: a `<dataDir>.lock` file holding the owner's pid, created with O_EXCL.
 * Refused while held by this process or another live one; a lock left by a dead process is taken
 * over, including one bearing our own pid (a container restarted as pid 1 again).
 */
export function lockDataDir(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  if (heldHere.has(dataDir)) throw inUse(dataDir, lockPath, process.pid);
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      heldHere.add(dataDir);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldHere.delete(dataDir);
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner))
        throw inUse(dataDir, lockPath, owner);
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database at ${dataDir}: ${lockPath} keeps reappearing`);
}

function inUse(dataDir: string, lockPath: string, owner: number): Error {
  return new Error(
    `The embedded database at ${dataDir} is in use by process ${owner}. Stop that process, ` +
      `or set DATABASE_URL to a Postgres server. (If no such process exists, delete ${lockPath}.)`,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
