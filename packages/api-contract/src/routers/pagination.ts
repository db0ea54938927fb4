/**
 * Keyset pagination for the newest-first lists (`notes.list`, `tasks.list`, generated ones): a page
 * is at most `LIMITS.pageMax` rows and `nextCursor` names the last row returned as
 * `<createdAt ISO>_<id>`. Stable under concurrent inserts, and the cursor never leaves the caller's own
 * rows (the owner/org filter stays).
 */
import { LIMITS } from '@gatehouse/db/limits';
import { and, desc, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgSelect } from 'drizzle-orm/pg-core';
import { z } from 'zod';

const CURSOR =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

const cursor = z
  .string()
  .max(80)
  .transform((value, ctx) => {
    const match = CURSOR.exec(value);
    const createdAt = match ? new Date(match[1]!) : null;
    // Only what `nextCursor` can hold: a real instant (no 30 February) that Postgres can store (not
    // year 0000), so a forged cursor is a 400 here rather than a failed statement.
    // (An invalid date's year is NaN: it stops before `toISOString`, which would throw.)
    if (!match || !createdAt || !(createdAt.getUTCFullYear() >= 1) || createdAt.toISOString() !== match[1]) {
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

type PageCursor = z.output<typeof cursor>;
type PagedColumns = { createdAt: PgColumn; id: PgColumn };
type PagedRow = { id: string; createdAt: Date };

/** Rows strictly after the cursor in `created_at desc, id desc` order; no condition without one. */
function afterCursor(columns: PagedColumns, after?: PageCursor): SQL | undefined {
  if (!after) return undefined;
  return sql`(${columns.createdAt}, ${columns.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`;
}

/**
 * One page of a newest-first list: `query` is a dynamic select (`db.select(…).from(table).$dynamic()`),
 * `scope` the caller's filter (`eq(table.orgId, ctx.auth.orgId)`), which every page keeps.
 */
export async function newestFirstPage<TQuery extends PgSelect & PromiseLike<PagedRow[]>>(
  query: TQuery,
  table: PagedColumns,
  scope: SQL,
  page: z.output<typeof pageInput>,
) {
  const rows = await query
    .where(and(scope, afterCursor(table, page.cursor)))
    .orderBy(desc(table.createdAt), desc(table.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit);
}

/** Call with up to `limit + 1` rows: the extra one only tells whether another page exists. */
export function toPage<Rows extends readonly PagedRow[]>(rows: Rows, limit: number) {
  const items: Rows[number][] = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? `${last.createdAt.toISOString()}_${last.id}` : null;
  return { items, nextCursor };
}
