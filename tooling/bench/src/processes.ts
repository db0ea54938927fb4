import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const BENCH_ROOT = resolve(import.meta.dirname, '..');

/** Children still running: killed if the bench itself dies (an exception, a failed start-up). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface ServerProcess {
  url: string;
  /**
   * CPU time the server process has used so far (all its threads: the event loop and the crypto
   * pool), in µs. Per request, it is a cost figure that other processes on the machine barely move,
   * unlike req/s and latency. 10 ms granularity (clock ticks): read it over whole runs.
   */
  cpuMicros(): number;
  stop(): Promise<void>;
}

/** Linux `/proc/<pid>/stat`: utime and stime (fields 14 and 15), in clock ticks of 10 ms (USER_HZ). */
const MICROS_PER_TICK = 10_000;
function processCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MICROS_PER_TICK;
}

/** A free loopback port: the children log to /dev/null, so they cannot tell us which port they got. */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (typeof address !== 'object' || !address) throw new Error('no free port');
  return address.port;
}

/**
 * Polls `url` until it answers 200, or fails with the child's stderr when it exits first. Polling is
 * the only signal here: the child's stdout (one JSON log line per request) goes to /dev/null, so that
 * reading it cannot take CPU from the load generator.
 */
async function waitUntilUp(child: ChildProcess, url: string, stderr: () => string): Promise<void> {
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${url}: the server exited during start-up:\n${stderr()}`);
    const up = await fetch(url).then(
      (res) => res.ok,
      () => false,
    );
    if (up) return;
    await new Promise((resolvePoll) => setTimeout(resolvePoll, 100));
  }
  throw new Error(`${url}: not up after 60 s:\n${stderr()}`);
}

async function startNode(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  readyPath: string,
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env },
    stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'],
  });
  running.add(child);
  const exited = once(child, 'exit').then(() => {
    running.delete(child);
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(child, `${url}${readyPath}`, () => stderr);
  return {
    url,
    cpuMicros: () => processCpuMicros(child.pid!),
    async stop() {
      if (running.has(child)) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The built API (`apps/api/dist/index.js`), as deployed: NODE_ENV=production, logging at info. */
export function startApi(env: Record<string, string>): Promise<ServerProcess> {
  const apiRoot = resolve(REPO_ROOT, 'apps/api');
  return startNode(
    [resolve(apiRoot, 'dist/index.js')],
    { NODE_ENV: 'production', ...env },
    apiRoot,
    '/healthz',
  );
}

/** The @clerk/express peer (src/peer-server.ts), through tsx's loader; compiled once at start-up. */
export function startPeer(env: Record<string, string>): Promise<ServerProcess> {
  return startNode(
    ['--import', 'tsx', resolve(BENCH_ROOT, 'src/peer-server.ts')],
    { NODE_ENV: 'production', CLERK_TELEMETRY_DISABLED: '1', ...env },
    BENCH_ROOT,
    '/trpc/health',
  );
}
