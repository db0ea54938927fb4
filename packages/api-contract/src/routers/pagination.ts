/**
 * Keyset pagination for the newest-first lists (`notes.list`, `tasks.list`): a page is at most
 * `LIMITS.pageMax` rows and `nextCursor` names the last row returned as `<createdAt ISO>_<id>`. Stable under
 * concurrent inserts, and the cursor never leaves the caller's own rows (the owner/org filter stays).
 */
import { LIMITS } from '@gatehouse/db/limits';
import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';

const CURSOR =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

const cursor = z
  .string()
  .max(80)
  .transform((value, ctx) => {
    const match = CURSOR.exec(value);
    const createdAt = match ? new Date(match[1]!) : null;
    if (!match || !createdAt || Number.isNaN(createdAt.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'Invalid cursor: pass back a nextCursor you received' });
      return z.NEVER;
    }
    return { createdAt, id: match[2]! };
  });

/** Optional input: `list()` returns the first page. */
export const pageInput = z
  .strictObject({
    limit: z.number().int().min(1).max(LIMITS.pageMax).default(LIMITS.pageDefault),
    cursor: cursor.optional(),
    // tRPC's infinite-query helpers add `direction` to every page request; accepted, only forward is served.
    direction: z.literal('forward').optional(),
  })
  .default({ limit: LIMITS.pageDefault });

export type PageCursor = z.output<typeof cursor>;

/** Rows strictly after the cursor in `created_at desc, id desc` order; no condition without one. */
export function afterCursor(
  columns: { createdAt: PgColumn; id: PgColumn },
  after?: PageCursor,
): SQL | undefined {
  if (!after) return undefined;
  return sql`(${columns.createdAt}, ${columns.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`;
}

/** Call with up to `limit + 1` rows: the extra one only tells whether another page exists. */
export function toPage<Row extends { id: string; createdAt: Date }>(rows: Row[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? `${last.createdAt.toISOString()}_${last.id}` : null;
  return { items, nextCursor };
}
