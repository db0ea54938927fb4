/**
 * The one way apps/api tests start the API in-process: `startServer` (the production start-up: env,
 * database open and migrate, auth runtime, app) on port 0, on a database and a DATA_DIR of its own,
 * logging through the production logger into memory. The BUILT API (plain `node`) is started by
 * `@gatehouse/api/testing` instead.
 *
 *   const server = useTestServer({ env: { RATE_LIMIT_MAX: '4' } });  // started before the tests
 *   it('…', async () => {
 *     const token = await server.localToken('user_alice', 'org_acme');
 *     await fetch(`${server.url}/trpc/me`, { headers: { authorization: `Bearer ${token}` } });
 *     await server.waitForLog((line) => line.msg === 'request completed');
 *   });
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openForAll, TEST_DRIVERS, type TestDriver } from '@gatehouse/db/testing';
import type { Logger } from 'pino';
import { type Env, loadEnv } from '../../src/env';
import { createLogger } from '../../src/observability/logger';
import { type RunningServer, startServer } from '../../src/server';

/** For a server started inside a test: start-up opens and migrates a database, seconds on 2 busy cores. */
export const START_TIMEOUT_MS = 60_000;

/**
 * Where a test server's database lives unless a test says otherwise: Postgres when TEST_DATABASE_URL
 * is set (a database of its own, ~0.3 s), else embedded PGlite in memory (several CPU-seconds to boot).
 */
export const DEFAULT_TEST_DRIVER: TestDriver =
  TEST_DRIVERS.find((driver) => driver.name === 'postgres' && driver.available) ??
  TEST_DRIVERS.find((driver) => driver.name === 'pglite')!;

/**
 * `env` for suites that send many refused requests on purpose (hostile tokens, bad deliveries): a 429
 * would hide the status under test. Suites about limits set their own.
 */
export const RATE_LIMITS_OFF = {
  RATE_LIMIT_MAX: '0',
  RATE_LIMIT_AUTH_FAILURE_MAX: '0',
  RATE_LIMIT_WEBHOOK_MAX: '0',
} as const;

export type LogLine = Record<string, unknown>;

export interface LogCapture {
  /** The production logger (`createLogger`), writing JSON lines into memory. */
  logger: Logger;
  /** Every line written so far, parsed. */
  readonly logs: LogLine[];
  /** The raw text of those lines, to search for secrets (and for fields written twice). */
  rawLogs(): string;
  /** Resolves with the first line (already written or yet to come) that matches. */
  waitForLog(match: (line: LogLine) => boolean): Promise<LogLine>;
}

/** The production logger for `env` (default: `debug`, the most it writes), capturing its output. */
export function captureLogs(
  env: Pick<Env, 'LOG_LEVEL' | 'LOG_FORMAT' | 'NODE_ENV'> = loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }),
): LogCapture {
  const lines: string[] = [];
  const written = new EventEmitter();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      written.emit('line');
      done();
    },
  });
  const parsed = () => lines.map((line) => JSON.parse(line) as LogLine);
  return {
    logger: createLogger(env, sink),
    get logs() {
      return parsed();
    },
    rawLogs: () => lines.join('\n'),
    waitForLog: (match) =>
      new Promise((resolve) => {
        const check = () => {
          const found = parsed().find(match);
          if (!found) return;
          written.off('line', check);
          resolve(found);
        };
        written.on('line', check);
        check();
      }),
  };
}

export interface TestServerOptions {
  /** The API's variables over the defaults (NODE_ENV=test, LOG_LEVEL=debug, PORT=0, DATABASE_URL, DATA_DIR). */
  env?: Record<string, string>;
  /**
   * A fresh database on this driver (default `DEFAULT_TEST_DRIVER`), dropped after; or `{ url }`, the
   * database another test server runs on (a second replica), left as it is.
   */
  database?: TestDriver | { url: string };
}

export interface TestServer extends Omit<LogCapture, 'logger'> {
  /** The running server: its database handle, auth runtime, event bus and logger (`api.logger`). */
  readonly api: RunningServer;
  readonly url: string;
  /** The DATABASE_URL it runs on (a Postgres URL, or memory://). */
  readonly databaseUrl: string;
  /** A session token from its local issuer (local auth mode, the default outside production). */
  localToken(userId: string, orgId?: string | null): Promise<string>;
  /** Closes the server (`drained: false`: requests were cut), then drops its database and DATA_DIR. */
  stop(): Promise<{ drained: boolean }>;
}

export async function startTestServer({
  env = {},
  database = DEFAULT_TEST_DRIVER,
}: TestServerOptions = {}): Promise<TestServer> {
  const target =
    'createTarget' in database ? await database.createTarget() : { url: database.url, drop: async () => {} };
  // The local issuer keeps its key under DATA_DIR: one per server, so parallel files never share one.
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-test-server-'));
  const cleanUp = async () => {
    await target.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const started = async () => {
    const vars = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      DATABASE_URL: target.url,
      DATA_DIR: dataDir,
      ...env,
    };
    const loaded = loadEnv({ PORT: '0', ...vars });
    const capture = captureLogs(loaded);
    return { capture, api: await startServer(loaded, { logger: capture.logger }) };
  };
  const { capture, api } = await started().catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  return {
    api,
    url: api.url,
    databaseUrl: target.url,
    get logs() {
      return capture.logs;
    },
    rawLogs: capture.rawLogs,
    waitForLog: capture.waitForLog,
    async localToken(userId, orgId) {
      if (!api.auth.localIssuer) throw new Error('localToken: the server is not in local auth mode');
      return (await api.auth.localIssuer.mint({ userId, orgId })).token;
    },
    async stop() {
      const closed = await api.close();
      await cleanUp();
      return closed;
    },
  };
}

/**
 * The server of a test file (or of one `describe`), through vitest hooks: started before its tests,
 * stopped after them. `options` may be a function, read when the server starts (e.g. to use the URL of
 * something an earlier hook started). Its members work inside tests and hooks.
 */
export function useTestServer(options: TestServerOptions | (() => TestServerOptions) = {}): TestServer {
  const server = openForAll(
    'The test server',
    () => startTestServer(typeof options === 'function' ? options() : options),
    (started) => started.stop(),
  );
  return {
    get api() {
      return server().api;
    },
    get url() {
      return server().url;
    },
    get databaseUrl() {
      return server().databaseUrl;
    },
    get logs() {
      return server().logs;
    },
    rawLogs: () => server().rawLogs(),
    waitForLog: (match) => server().waitForLog(match),
    localToken: (userId, orgId) => server().localToken(userId, orgId),
    stop: () => server().stop(),
  };
}
