/**
 * Starting the BUILT API (`@gatehouse/api/testing`): the tsup bundle under plain `node`, as deployed,
 * for the API's process tests, the browser e2e and the bench. A clean environment (nothing from the
 * caller's shell — DATABASE_URL, Clerk keys… — leaks in), a port of its own, start-up awaited on a
 * signal rather than a delay, and its output kept for failure messages.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

export { type OtlpStandIn, startOtlpStandIn } from './otlp-stand-in';

export const API_ROOT = resolve(import.meta.dirname, '../..');
const DIST_ENTRY = join(API_ROOT, 'dist/index.js');
const START_TIMEOUT_MS = 90_000;

/** Children still running: killed if the process that started them exits first (a crash, a failed hook). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Builds the bundle with the real tsup config and returns its entry. `name`: into a folder of that name
 * under node_modules/.cache, so test files building in parallel never overwrite each other's bundle
 * (nor the developer's dist/); none: into dist/.
 */
export async function buildApi(name?: string): Promise<string> {
  const outDir = name
    ? join(API_ROOT, 'node_modules/.cache/gatehouse-test-dist', name)
    : join(API_ROOT, 'dist');
  mkdirSync(outDir, { recursive: true });
  await promisify(execFile)('pnpm', ['exec', 'tsup', '--out-dir', outDir, '--silent'], { cwd: API_ROOT });
  return join(outDir, 'index.js');
}

/** A loopback port the OS just handed out, for a server that must be told its port up front. */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((closed) => probe.close(closed));
  return port;
}

export type LogLine = Record<string, unknown>;
export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Stdout's JSON log lines so far (a line that is not JSON as `{ msg: line }`); empty when discarded. */
  logs: LogLine[];
  /** The first log line that matches, written or to come; rejects if the process exits first. */
  waitForLog(match: (line: LogLine) => boolean): Promise<LogLine>;
  /** Stderr so far. */
  stderr(): string;
  exited: Promise<Exit>;
  /** SIGTERM (a graceful shutdown), then the exit. */
  stop(): Promise<Exit>;
}

export interface NodeServerOptions {
  /** Node's arguments: flags and the script. */
  args: string[];
  /** The child's whole environment, but PATH and PORT. */
  env: Record<string, string>;
  cwd: string;
  /**
   * `'json'`: stdout is read into `logs`, and the server is up once it logs `{ msg: 'listening', port }`
   * (PORT=0: the OS picks the port, so two servers never race for one). `'discard'`: stdout goes to
   * /dev/null, so reading it takes no CPU from a load generator; the server gets a free port and is up
   * once `readyPath` answers 200. `logFile`: as discard, but stdout is appended to that file (the bench
   * keeps the API's log lines, as a deployment would, without reading them in the load generator).
   */
  stdout: 'json' | { discard: true; readyPath: string; logFile?: string };
}

export async function startNodeServer({ args, env, cwd, stdout }: NodeServerOptions): Promise<ServerProcess> {
  const readyPath = stdout === 'json' ? null : stdout.readyPath;
  const port = readyPath ? await freePort() : 0;
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env },
    stdio: ['ignore', readyPath ? openSync(logFileOf(stdout) ?? '/dev/null', 'a') : 'pipe', 'pipe'],
  });
  running.add(child);
  // `close`, not `exit`: by then stdout and stderr are read to the end (a start-up error included).
  const exited = once(child, 'close').then(([code, signal]) => {
    running.delete(child);
    return { code, signal } as Exit;
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      logs.push(parseLine(line));
      for (const wake of waiters) wake();
    });
  }
  const exitedBefore = (what: string) =>
    exited.then(({ code }) =>
      Promise.reject(new Error(`The server exited (code ${code}) before ${what}:\n${stderr}`)),
    );
  const waitForLog = (match: (line: LogLine) => boolean) =>
    Promise.race([
      new Promise<LogLine>((found) => {
        const check = () => {
          const line = logs.find(match);
          if (line && waiters.delete(check)) found(line);
        };
        waiters.add(check);
        check();
      }),
      exitedBefore('logging it'),
    ]);
  const up = readyPath
    ? Promise.race([
        untilOk(`http://127.0.0.1:${port}${readyPath}`, () => running.has(child)),
        exitedBefore('it was up'),
      ]).then(() => port)
    : waitForLog((line) => line.msg === 'listening').then((line) => Number(line.port));

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Not up within ${START_TIMEOUT_MS} ms:\n${stderr}`)),
      START_TIMEOUT_MS,
    );
  });
  try {
    const url = `http://127.0.0.1:${await Promise.race([up, timeout])}`;
    const stop = () => {
      if (running.has(child)) child.kill('SIGTERM');
      return exited;
    };
    return { url, child, logs, waitForLog, stderr: () => stderr, exited, stop };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

const logFileOf = (stdout: NodeServerOptions['stdout']) => (stdout === 'json' ? undefined : stdout.logFile);

export interface BuiltApiOptions {
  /** The API's environment (NODE_ENV, AUTH_MODE, DATABASE_URL…); LOG_LEVEL is `info` unless given. */
  env: Record<string, string>;
  /** The bundle to run; dist/index.js by default, built first when missing. */
  entry?: string;
  /** Where it runs (a relative DATA_DIR resolves from here); the package folder by default. */
  cwd?: string;
  /** See `NodeServerOptions.stdout`; `'json'` by default. */
  discardStdout?: boolean;
  /** With `discardStdout`: append stdout to this file instead of /dev/null. */
  logFile?: string;
  /** Node flags before the script (the bench's `--cpu-prof`). */
  nodeArgs?: string[];
}

/** Starts the built API, resolving once it is up (see `startNodeServer`). */
export async function startBuiltApi({
  env,
  entry,
  cwd = API_ROOT,
  discardStdout = false,
  logFile,
  nodeArgs = [],
}: BuiltApiOptions) {
  const script = entry ?? (existsSync(DIST_ENTRY) ? DIST_ENTRY : await buildApi());
  return startNodeServer({
    args: [...nodeArgs, script],
    env: { LOG_LEVEL: 'info', ...env },
    cwd,
    stdout: discardStdout ? { discard: true, readyPath: '/healthz', logFile } : 'json',
  });
}

function parseLine(line: string): LogLine {
  try {
    return JSON.parse(line) as LogLine;
  } catch {
    return { msg: line };
  }
}

/** Polls `url` until it answers 200, or the process is gone: readiness when the output is discarded. */
async function untilOk(url: string, alive: () => boolean): Promise<void> {
  while (alive()) {
    const ok = await fetch(url).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((next) => setTimeout(next, 100));
  }
}
