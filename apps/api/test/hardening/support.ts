import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { TEST_DRIVERS } from '@gatehouse/db/testing';
import { pino } from 'pino';
import { loadEnv } from '../../src/env';
import { REDACTED_PATHS } from '../../src/observability/logger';
import { type RunningServer, startServer } from '../../src/server';

/** Start-up opens and migrates a database: seconds on a loaded 2-core machine. */
export const START_TIMEOUT_MS = 60_000;

/**
 * A fresh database for one server: on Postgres when TEST_DATABASE_URL is set (a database of its own,
 * dropped after; ~0.3 s), else embedded PGlite in memory (several CPU-seconds to boot).
 */
export function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const postgres = TEST_DRIVERS.find((driver) => driver.name === 'postgres' && driver.available);
  return (postgres ?? TEST_DRIVERS.find((driver) => driver.name === 'pglite')!).createTarget();
}

export interface TestApi {
  api: RunningServer;
  url: string;
  /** Closes the server and drops its database. */
  stop(): Promise<void>;
  /** Every JSON log line the server wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** The raw text of those lines, to search for secrets. */
  rawLogs: () => string;
  /** Resolves with the first log line (already written or yet to come) that matches. */
  waitForLog: (match: (line: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>;
}

/** The real server (real start-up path, own database) on an ephemeral port, logging at debug into memory. */
export async function startTestApi(vars: Record<string, string> = {}): Promise<TestApi> {
  const lines: string[] = [];
  const written = new EventEmitter();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      written.emit('line');
      done();
    },
  });
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const logger = pino({ level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  const database = await freshDatabase();
  // The local issuer keeps its key under DATA_DIR: one per server, so parallel files never share it.
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-hardening-'));
  const cleanUp = async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const env = loadEnv({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    ...vars,
  });
  const api = await startServer(env, { logger }).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  return {
    api,
    url: api.url,
    stop: async () => {
      await api.close();
      await cleanUp();
    },
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

/** A session token from the local issuer (local auth mode, the default outside production). */
export async function localToken(url: string, userId: string, orgId?: string): Promise<string> {
  const res = await fetch(`${url}/dev/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, orgId }),
  });
  if (res.status !== 200) throw new Error(`/dev/auth/token answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parseRaw(text: string): RawResponse {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const at = line.indexOf(':');
    headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

/**
 * Writes `chunks` on a raw TCP socket (each after the previous one is flushed) and resolves with
 * what the server answered once it closes the connection: for requests fetch() cannot make
 * (oversized or never-finished headers, a body that never arrives).
 */
export function rawRequest(url: string, chunks: string[]): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (data) => {
      received += data;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(parseRaw(received)));
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
  });
}
