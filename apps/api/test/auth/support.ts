import { request } from 'node:http';
import {
  type BackendApiStandIn,
  type ClerkTestInstance,
  startBackendApiStandIn,
} from '@gatehouse/auth/testing';
import { loadEnv } from '../../src/env';
import { type RunningServer, startServer } from '../../src/server';

/** Start-up opens and migrates a database: seconds on a loaded 2-core machine. */
export const START_TIMEOUT_MS = 60_000;
export const AZP = 'http://localhost:5173';
export const ISSUER = 'https://witty-owl-12.clerk.accounts.dev';

/**
 * The real server (real start-up path) on an ephemeral port. Rate limits are off: the attack suites
 * send hundreds of refused tokens on purpose, and 429s would hide the statuses under test.
 */
export function startApi(vars: Record<string, string>): Promise<RunningServer> {
  return startServer(
    loadEnv({
      NODE_ENV: 'test',
      PORT: '0',
      LOG_LEVEL: 'silent',
      CORS_ORIGINS: AZP,
      RATE_LIMIT_MAX: '0',
      RATE_LIMIT_AUTH_FAILURE_MAX: '0',
      ...vars,
    }),
  );
}

/**
 * The API in Clerk mode for `clerk`, asking a loopback stand-in of Clerk's Backend API (started here,
 * closed with it) about opaque machine tokens.
 */
export async function startApiWithBackendApi(clerk: ClerkTestInstance, vars: Record<string, string> = {}) {
  const backend: BackendApiStandIn = await startBackendApiStandIn();
  try {
    const api = await startApi({ ...clerk.apiEnv, ...backend.apiEnv, ...vars });
    return {
      api,
      backend,
      close: async () => {
        await api.close();
        await backend.close();
      },
    };
  } catch (error) {
    await backend.close();
    throw error;
  }
}

export interface CallResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON body, inspected by each assertion
  body: any;
}

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
}

/** GET a tRPC query (no input), or a batch of them when `path` lists several, comma-separated. */
export async function query(
  api: RunningServer,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const calls = path.split(',');
  const url =
    calls.length > 1
      ? `${api.url}/trpc/${path}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`
      : `${api.url}/trpc/${path}`;
  const headers = {
    ...options.headers,
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  };
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** The superjson-encoded tRPC result data of a single call. */
export const dataOf = (result: CallResult) => result.body.result.data.json;

/** `{ httpStatus, code, reason }` of a single-call tRPC error. */
export function errorOf(result: CallResult): { httpStatus: number; code: string; reason: string | null } {
  const { httpStatus, code, reason } = result.body.error.json.data;
  return { httpStatus, code, reason };
}

/**
 * A request with headers fetch() cannot send: the same name twice (node:http sends one header line
 * per array item), or raw values. Resolves with status and parsed JSON body.
 */
export function rawGet(
  api: RunningServer,
  path: string,
  headers: Record<string, string | string[]>,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${api.url}${path}`, { method: 'GET' }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    for (const [name, value] of Object.entries(headers)) req.setHeader(name, value);
    req.on('error', reject);
    req.end();
  });
}
