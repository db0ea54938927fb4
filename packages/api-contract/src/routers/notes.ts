/**
 * Personal notes: each signed-in user sees and changes only their own. Isolation lives in the SQL —
 * every statement filters by `owner_id = ctx.auth.userId` — so a foreign id and an unknown id are the
 * same 404 (no existence oracle). Inputs are strict: `ownerId` or any unknown key is a 400. A user's
 * API key with `notes:read` may list that user's notes; `stats` is for the `pro` plan.
 */
import { actingUserId } from '@gatehouse/auth';
import { LIMITS } from '@gatehouse/db/limits';
import { notes } from '@gatehouse/db/schema';
import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { and, count, desc, eq, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import { apiKey } from '../machine-access';
import { protectedProcedure, requireClaim, requirePlan } from '../trpc';
import { newestFirstPage, pageInput } from './pagination';
import { storable, titleInput } from './text';

/** How many notes `notes.export` returns at most (newest first); `truncated` says when there were more. */
const EXPORT_MAX = 1_000;

const noteColumns = {
  id: notes.id,
  title: notes.title,
  body: notes.body,
  createdAt: notes.createdAt,
  updatedAt: notes.updatedAt,
};

const noteId = z.uuid();
const title = titleInput;
const body = storable(z.string().max(LIMITS.noteBodyMax));

const createInput = z.strictObject({ title, body: body.default('') });
const updateInput = z
  .strictObject({ id: noteId, title: title.optional(), body: body.optional() })
  .refine((input) => input.title !== undefined || input.body !== undefined, {
    message: 'Change at least one of title, body',
  });
const byId = z.strictObject({ id: noteId });

function noteNotFound(): never {
  throw new TRPCError({ code: 'NOT_FOUND', message: 'Note not found' });
}

export const notesRouter = {
  list: protectedProcedure
    .or(apiKey('notes:read'))
    .input(pageInput)
    .query(({ ctx, input }) => {
      const query = ctx.db.select(noteColumns).from(notes).$dynamic();
      return newestFirstPage(query, notes, eq(notes.ownerId, actingUserId(ctx.auth)), input);
    }),

  create: protectedProcedure.input(createInput).mutation(async ({ ctx, input }) => {
    const [note] = await ctx.db
      .insert(notes)
      .values({ ownerId: ctx.auth.userId, title: input.title, body: input.body })
      .returning(noteColumns);
    return note!;
  }),

  update: protectedProcedure.input(updateInput).mutation(async ({ ctx, input }) => {
    const [note] = await ctx.db
      .update(notes)
      .set({ title: input.title, body: input.body, updatedAt: sql`now()` })
      .where(and(eq(notes.id, input.id), eq(notes.ownerId, ctx.auth.userId)))
      .returning(noteColumns);
    return note ?? noteNotFound();
  }),

  delete: protectedProcedure.input(byId).mutation(async ({ ctx, input }) => {
    const [deleted] = await ctx.db
      .delete(notes)
      .where(and(eq(notes.id, input.id), eq(notes.ownerId, ctx.auth.userId)))
      .returning({ id: notes.id });
    return deleted ?? noteNotFound();
  }),

  /** How many notes the caller has, and when the latest was written: for the `pro` plan. */
  stats: protectedProcedure.use(requirePlan('pro')).query(async ({ ctx }) => {
    const [row] = await ctx.db
      .select({ count: count(), latestAt: max(notes.createdAt) })
      .from(notes)
      .where(eq(notes.ownerId, ctx.auth.userId));
    return { count: row?.count ?? 0, latestAt: row?.latestAt ?? null };
  }),

  /** Pro tier only: the caller's notes as one JSON document. */
  export: protectedProcedure.use(requireClaim('metadata.tier', 'pro')).query(async ({ ctx }) => {
    const rows = await ctx.db
      .select(noteColumns)
      .from(notes)
      .where(eq(notes.ownerId, ctx.auth.userId))
      .orderBy(desc(notes.createdAt), desc(notes.id))
      .limit(EXPORT_MAX + 1);
    return {
      format: 'gatehouse.notes.v1' as const,
      exportedAt: new Date(),
      notes: rows.slice(0, EXPORT_MAX),
      truncated: rows.length > EXPORT_MAX,
    };
  }),
} satisfies TRPCRouterRecord;
