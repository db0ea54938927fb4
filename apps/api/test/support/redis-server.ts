/**
 * A `redis-server` of a test's own (the binary on PATH) on a free loopback port, without persistence,
 * that the test may kill and start again on the same port: a Redis outage that never touches the
 * shared Redis of TEST_REDIS_URL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { freePort } from './built-api';

export interface OwnRedis {
  url: string;
  /** SIGKILL: connections drop at once, as when Redis crashes. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const READY = /Ready to accept connections/;

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    const exited = once(started, 'exit').then(([code]) => {
      throw new Error(`redis-server exited (${code}) before it was ready`);
    });
    const ready = new Promise<void>((resolve) => {
      createInterface({ input: started.stdout! }).on('line', (line) => {
        if (READY.test(line)) resolve();
      });
    });
    await Promise.race([ready, exited]);
    exited.catch(() => {}); // later exits are the test's own doing
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
  };
  process.once('exit', () => child?.kill('SIGKILL'));
  await start();
  return { url: `redis://127.0.0.1:${port}`, kill, start, stop: kill };
}
