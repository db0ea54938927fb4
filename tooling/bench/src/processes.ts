import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ServerProcess as Started, startBuiltApi, startNodeServer } from '@gatehouse/api/testing';
import { type Inspector, openInspector } from './inspector';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const BENCH_ROOT = resolve(import.meta.dirname, '..');

export interface ServerProcess {
  url: string;
  /**
   * CPU time the server process has used so far (all its threads: the event loop and the crypto
   * pool), in µs. Per request, it is a cost figure that other processes on the machine barely move,
   * unlike req/s and latency. 10 ms granularity (clock ticks): read it over whole runs.
   */
  cpuMicros(): number;
  /** Resident memory of the process now, in bytes (`VmRSS`). */
  rssBytes(): number;
  /** Its memory once its garbage is collected: only for a server started with `inspect`. */
  retainedMemory?(): Promise<{ rssBytes: number; heapUsedBytes: number }>;
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

/** `VmRSS` of `/proc/<pid>/status`, in bytes. */
function processRssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

function measured(server: Started, inspector?: Inspector): ServerProcess {
  const pid = server.child.pid!;
  return {
    url: server.url,
    cpuMicros: () => processCpuMicros(pid),
    rssBytes: () => processRssBytes(pid),
    ...(inspector && {
      retainedMemory: async () => {
        const { heapUsedBytes } = await inspector.collectGarbage();
        return { rssBytes: processRssBytes(pid), heapUsedBytes };
      },
    }),
    stop: async () => {
      inspector?.close();
      await server.stop();
    },
  };
}

interface ApiStartOptions {
  logFile?: string;
  nodeArgs?: string[];
  /** With the inspector open on a loopback port of its own, for `retainedMemory()`. */
  inspect?: boolean;
}

/**
 * The built API (`apps/api/dist/index.js`), as deployed: NODE_ENV=production, logging at info. Its
 * stdout (one JSON log line per request) is appended to `logFile`, as a deployment writes it to a
 * file or a pipe (none: /dev/null), and never read here, so reading it cannot take CPU from the load
 * generator.
 */
export async function startApi(
  env: Record<string, string>,
  { logFile, nodeArgs = [], inspect = false }: ApiStartOptions = {},
): Promise<ServerProcess> {
  const server = await startBuiltApi({
    env: { NODE_ENV: 'production', ...env },
    discardStdout: true,
    logFile,
    nodeArgs: inspect ? [...nodeArgs, '--inspect=127.0.0.1:0'] : nodeArgs,
  });
  return measured(server, inspect ? await openInspector(server.stderr()) : undefined);
}

/** The @clerk/express peer (src/peer-server.ts), through tsx's loader; compiled once at start-up. */
export async function startPeer(env: Record<string, string>): Promise<ServerProcess> {
  const peer = await startNodeServer({
    args: ['--import', 'tsx', resolve(BENCH_ROOT, 'src/peer-server.ts')],
    env: { NODE_ENV: 'production', CLERK_TELEMETRY_DISABLED: '1', ...env },
    cwd: BENCH_ROOT,
    stdout: { discard: true, readyPath: '/trpc/health' },
  });
  return measured(peer);
}
