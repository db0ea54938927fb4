/**
 * How an idempotency key travels (docs/reliability.md). One HTTP header, `Idempotency-Key`, carries the
 * keys of every mutation in a tRPC batch, each prefixed by its batch index:
 *
 *   POST /trpc/tasks.create                         Idempotency-Key: 3f2c…e1
 *   POST /trpc/tasks.create,notes.create?batch=1    Idempotency-Key: 0=3f2c…e1, 1=9a0b…77
 *
 * A bare key is the key of call 0 (an unbatched call). Calls without an entry run as usual. The SPA's
 * batch link writes the header from each operation's `context.idempotencyKey`.
 */
import { createHash } from 'node:crypto';
import superjson from 'superjson';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** A stored result is replayed this long after the first request. */
export const IDEMPOTENCY_TTL_HOURS = 24;

/** UUIDs, ULIDs, or any opaque token of this alphabet; never `=` or `,`, which the header uses. */
const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;
const ENTRY = /^(\d{1,4})=(.+)$/;
const MAX_ENTRIES = 100;

/** Keys by batch index, or null when the header is malformed (a 400: the client meant something). */
export function parseIdempotencyHeader(header: string): Map<number, string> | null {
  const entries = header
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0 || entries.length > MAX_ENTRIES) return null;
  const keys = new Map<number, string>();
  for (const entry of entries) {
    const indexed = ENTRY.exec(entry);
    const [index, key] = indexed ? [Number(indexed[1]), indexed[2]!] : [0, entry];
    if (!KEY.test(key) || keys.has(index) || [...keys.values()].includes(key)) return null;
    keys.set(index, key);
  }
  return keys;
}

/** Writes the header for keys by batch index (the inverse of `parseIdempotencyHeader`). */
export function formatIdempotencyHeader(keys: ReadonlyMap<number, string>): string {
  return [...keys].map(([index, key]) => `${index}=${key}`).join(', ');
}

/** Inputs hashed for a key nest at most this deep: hashing recurses once per level, as superjson does. */
export const MAX_HASHED_DEPTH = 64;

/** Whether `value` nests deeper than `limit` levels, found without recursing (so without a stack limit). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limit) return true;
    const children =
      item instanceof Map
        ? [...item.keys(), ...item.values()]
        : item instanceof Set
          ? [...item]
          : Object.values(item);
    for (const child of children) pending.push([child, depth + 1]);
  }
  return false;
}

/** JSON with object keys sorted, so the same input hashes the same whatever order a client wrote. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The request a key was first used for: the procedure and its input (as sent, through superjson). */
export function hashRequest(path: string, rawInput: unknown): string {
  return createHash('sha256')
    .update(path)
    .update('\n')
    .update(canonical(superjson.serialize(rawInput)))
    .digest('base64url');
}
