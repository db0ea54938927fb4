import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

export const API_ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

/**
 * Builds the API bundle with the real tsup config into a directory of this test file's own, so test
 * files running in parallel never overwrite each other's `dist` (nor the developer's).
 */
export async function buildApi(name: string): Promise<string> {
  const outDir = join(API_ROOT, 'node_modules/.cache/gatehouse-test-dist', name);
  mkdirSync(outDir, { recursive: true });
  await run('pnpm', ['exec', 'tsup', '--out-dir', outDir, '--silent'], { cwd: API_ROOT });
  return join(outDir, 'index.js');
}

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  /** Parsed JSON log lines written so far. */
  logs: Array<Record<string, unknown>>;
  /** Resolves with the first log line that matches (already written or to come). */
  waitForLog(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Stderr, for failure messages. */
  stderr: () => string;
}

/** Starts `node <entry>` with exactly `env` (plus PATH), resolving once it logs that it listens. */
export async function spawnApi(
  entry: string,
  env: Record<string, string>,
  cwd = API_ROOT,
): Promise<ApiProcess> {
  const child = spawn(process.execPath, [entry], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      logs.push({ msg: line });
    }
    for (const wake of waiters) wake();
  });
  const exited = once(child, 'exit').then(
    ([code, signal]) => ({ code, signal }) as Awaited<ApiProcess['exited']>,
  );

  const waitForLog: ApiProcess['waitForLog'] = (match) =>
    new Promise((resolvePromise, reject) => {
      const check = () => {
        const found = logs.find(match);
        if (found) {
          waiters.delete(check);
          resolvePromise(found);
        }
      };
      waiters.add(check);
      check();
      void exited.then(({ code }) => reject(new Error(`API exited (${code}) before logging it: ${stderr}`)));
    });

  const listening = await waitForLog((line) => line.msg === 'listening');
  return { child, url: `http://127.0.0.1:${listening.port}`, logs, waitForLog, exited, stderr: () => stderr };
}
