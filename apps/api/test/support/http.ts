/**
 * Calling a running API (a test server, or the built one: anything with a `url`) over real HTTP:
 * tRPC queries by path, the typed client, and raw requests for what fetch() cannot send.
 */
import { connect } from 'node:net';
import type { AppRouter } from '@gatehouse/api-contract';
import { createTRPCClient, httpLink } from '@trpc/client';
import superjson from 'superjson';

export interface Server {
  url: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  /** The body as sent (to search for what must never be in it). */
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON body, inspected by each assertion
  body: any;
}

export interface CallOptions {
  token?: string;
  headers?: Record<string, string>;
}

const bearer = (token: string | undefined): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};

/** GET a tRPC query (no input), or a batch of them when `path` lists several, comma-separated. */
export async function query(server: Server, path: string, options: CallOptions = {}): Promise<CallResult> {
  const calls = path.split(',');
  const url =
    calls.length > 1
      ? `${server.url}/trpc/${path}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`
      : `${server.url}/trpc/${path}`;
  const res = await fetch(url, { headers: { ...options.headers, ...bearer(options.token) } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
}

/** POST a tRPC mutation with `input` (plain JSON, sent as superjson's `{ json }`). */
export async function mutation(
  server: Server,
  path: string,
  input: unknown,
  options: CallOptions = {},
): Promise<CallResult> {
  const res = await fetch(`${server.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers, ...bearer(options.token) },
    body: JSON.stringify({ json: input }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : null };
}

/** The superjson-encoded tRPC result data of a single call. */
export const dataOf = (result: CallResult) => result.body.result.data.json;

/** `{ httpStatus, code, reason }` of a single-call tRPC error. */
export function errorOf(result: CallResult): { httpStatus: number; code: string; reason: string | null } {
  const { httpStatus, code, reason } = result.body.error.json.data;
  return { httpStatus, code, reason };
}

/** The typed tRPC client (one HTTP request per call), as `token`'s bearer. */
export function trpcClient(server: Server, token?: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${server.url}/trpc`, transformer: superjson, headers: bearer(token) })],
  });
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
 * Writes `chunks` on a raw TCP socket and resolves with what the server answered once it closes the
 * connection: for requests fetch() cannot make (oversized or never-finished headers, a body that never
 * arrives, a header sent twice).
 */
export function rawRequest(server: Server, chunks: string[]): Promise<RawResponse> {
  const { hostname, port } = new URL(server.url);
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

/**
 * A GET with headers as written: an array sends one header line per item (the same name twice).
 * Resolves with the status and the parsed JSON body.
 */
export async function rawGet(
  server: Server,
  path: string,
  headers: Record<string, string | string[]>,
): Promise<{ status: number; body: unknown }> {
  const lines = Object.entries(headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((item) => `${name}: ${item}\r\n`),
  );
  const head = `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.join('')}Connection: close\r\n\r\n`;
  const { status, body } = await rawRequest(server, [head]);
  return { status, body: body ? JSON.parse(body) : null };
}
