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

/** The request a key was first used for: the procedure and its input (`canonicalInput` of it). */
export function hashRequest(path: string, canonicalInput: string): string {
  return createHash('sha256').update(path).update('\n').update(canonicalInput).digest('base64url');
}
