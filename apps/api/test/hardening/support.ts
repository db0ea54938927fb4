import { EventEmitter } from 'node:events';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadEnv } from '../../src/env';
import { REDACTED_PATHS } from '../../src/observability/logger';
import { type RunningServer, startServer } from '../../src/server';

/** Start-up opens and migrates a database: seconds on a loaded 2-core machine. */
export const START_TIMEOUT_MS = 60_000;

export interface TestApi {
  api: RunningServer;
  url: string;
  /** Every JSON log line the server wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** The raw text of those lines, to search for secrets. */
  rawLogs: () => string;
  /** Resolves with the first log line (already written or yet to come) that matches. */
  waitForLog: (match: (line: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>;
}

/** The real server (real start-up path) on an ephemeral port, logging at debug into memory. */
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
  const api = await startServer(loadEnv({ NODE_ENV: 'test', PORT: '0', ...vars }), { logger });
  return {
    api,
    url: api.url,
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
