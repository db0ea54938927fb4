/**
 * Organization tasks, scoped to the token's active organization. Every statement filters by
 * `org_id = ctx.auth.orgId`, so another org's task id answers 404 exactly like an unknown one.
 * Anyone in the org may list, create and update; deleting requires `org:admin`. The org's API keys may
 * list (`tasks:read`) and create (`tasks:write`); the org then comes from the key's subject, and the key
 * is recorded as the task's creator. `summary` is a feature of the org's plan (`task_summary`).
 * Each mutation records its change in the same transaction and publishes it after the commit;
 * `onChange` streams them live to the org's members (see ../events).
 */
import { actorId, type MachineAuth, type SignedInAuth } from '@gatehouse/auth';
import { tasks, users } from '@gatehouse/db/schema';
import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { and, count, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordTaskChange } from '../events/task-changes';
import { lastEventIdInput, taskChangeStream } from '../events/task-stream';
import { apiKey } from '../machine-access';
import { orgProcedure, requireFeature, requireRole } from '../trpc';
import { newestFirstPage, pageInput } from './pagination';
import { titleInput } from './text';

/**
 * The author's name from the synced users table ("First Last", else the email), null when the user is
 * unknown or deleted there: the SPA then shows the id. A subquery, so the same columns serve the list
 * and the mutations' RETURNING.
 */
const authorName = sql<string | null>`(
  select coalesce(nullif(trim(concat_ws(' ', ${users.firstName}, ${users.lastName})), ''), ${users.email})
  from ${users} where ${users.id} = ${tasks.createdBy} and ${users.deletedAt} is null
)`;

const taskColumns = {
  id: tasks.id,
  title: tasks.title,
  done: tasks.done,
  createdBy: tasks.createdBy,
  authorName,
  createdAt: tasks.createdAt,
  updatedAt: tasks.updatedAt,
};

const taskId = z.uuid();
const title = titleInput;

const updateInput = z
  .strictObject({ id: taskId, title: title.optional(), done: z.boolean().optional() })
  .refine((input) => input.title !== undefined || input.done !== undefined, {
    message: 'Change at least one of title, done',
  });
const byId = z.strictObject({ id: taskId });

const actor = (ctx: { auth: (SignedInAuth | MachineAuth) & { orgId: string } }) => ({
  orgId: ctx.auth.orgId,
  actorId: actorId(ctx.auth),
});

function taskNotFound(): never {
  throw new TRPCError({ code: 'NOT_FOUND', message: 'Task not found' });
}

export const tasksRouter = {
  list: orgProcedure
    .or(apiKey('tasks:read'))
    .input(pageInput)
    .query(({ ctx, input }) => {
      const query = ctx.db.select(taskColumns).from(tasks).$dynamic();
      return newestFirstPage(query, tasks, eq(tasks.orgId, ctx.auth.orgId), input);
    }),

  create: orgProcedure
    .or(apiKey('tasks:write'))
    .input(z.strictObject({ title }))
    .mutation(async ({ ctx, input }) => {
      const { task, notice } = await ctx.db.transaction(async (tx) => {
        const [task] = await tx
          .insert(tasks)
          .values({ orgId: ctx.auth.orgId, createdBy: actorId(ctx.auth), title: input.title })
          .returning(taskColumns);
        return {
          task: task!,
          notice: await recordTaskChange(tx, actor(ctx), { type: 'created', task: task! }),
        };
      });
      ctx.events.publish(notice);
      return task;
    }),

  /** How many of the org's tasks are open and done: a feature of the org's plan. */
  summary: orgProcedure.use(requireFeature('task_summary')).query(async ({ ctx }) => {
    const rows = await ctx.db
      .select({ done: tasks.done, count: count() })
      .from(tasks)
      .where(eq(tasks.orgId, ctx.auth.orgId))
      .groupBy(tasks.done);
    const done = rows.find((row) => row.done)?.count ?? 0;
    const open = rows.find((row) => !row.done)?.count ?? 0;
    return { open, done, total: open + done };
  }),

  update: orgProcedure.input(updateInput).mutation(async ({ ctx, input }) => {
    const { task, notice } = await ctx.db.transaction(async (tx) => {
      const [task] = await tx
        .update(tasks)
        .set({ title: input.title, done: input.done, updatedAt: sql`now()` })
        .where(and(eq(tasks.id, input.id), eq(tasks.orgId, ctx.auth.orgId)))
        .returning(taskColumns);
      if (!task) taskNotFound();
      return { task, notice: await recordTaskChange(tx, actor(ctx), { type: 'updated', task }) };
    });
    ctx.events.publish(notice);
    return task;
  }),

  delete: orgProcedure
    .use(requireRole('org:admin'))
    .input(byId)
    .mutation(async ({ ctx, input }) => {
      const { deleted, notice } = await ctx.db.transaction(async (tx) => {
        const [deleted] = await tx
          .delete(tasks)
          .where(and(eq(tasks.id, input.id), eq(tasks.orgId, ctx.auth.orgId)))
          .returning({ id: tasks.id });
        if (!deleted) taskNotFound();
        const change = { type: 'deleted', taskId: deleted.id } as const;
        return { deleted, notice: await recordTaskChange(tx, actor(ctx), change) };
      });
      ctx.events.publish(notice);
      return deleted;
    }),

  /**
   * Live created/updated/deleted events of the caller's active org (SSE, `httpSubscriptionLink`),
   * resumable by event id; the stream ends at the token's expiry. See ../events/task-stream.ts.
   */
  onChange: orgProcedure.input(lastEventIdInput).subscription(({ ctx, input, signal }) =>
    taskChangeStream({
      db: ctx.db,
      bus: ctx.events,
      orgId: ctx.auth.orgId,
      lastEventId: input?.lastEventId,
      expiresAtMs: ctx.auth.expiresAt * 1000,
      signal,
    }),
  ),
} satisfies TRPCRouterRecord;
