/**
 * Organization tasks, scoped to the token's active organization. Every statement filters by
 * `org_id = ctx.auth.orgId`, so another org's task id answers 404 exactly like an unknown one.
 * Anyone in the org may list, create and update; deleting requires `org:admin`.
 */
import { LIMITS, tasks } from '@gatehouse/db/schema';
import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { orgProcedure, requireRole } from '../trpc';
import { afterCursor, pageInput, toPage } from './pagination';

const taskColumns = {
  id: tasks.id,
  title: tasks.title,
  done: tasks.done,
  createdBy: tasks.createdBy,
  createdAt: tasks.createdAt,
  updatedAt: tasks.updatedAt,
};

const taskId = z.uuid();
const title = z.string().trim().min(1).max(LIMITS.titleMax);

const updateInput = z
  .strictObject({ id: taskId, title: title.optional(), done: z.boolean().optional() })
  .refine((input) => input.title !== undefined || input.done !== undefined, {
    message: 'Change at least one of title, done',
  });
const byId = z.strictObject({ id: taskId });

function taskNotFound(): never {
  throw new TRPCError({ code: 'NOT_FOUND', message: 'Task not found' });
}

export const tasksRouter = {
  tasks: {
    list: orgProcedure.input(pageInput).query(async ({ ctx, input }) => {
      const rows = await ctx.db
        .select(taskColumns)
        .from(tasks)
        .where(and(eq(tasks.orgId, ctx.auth.orgId), afterCursor(tasks, input.cursor)))
        .orderBy(desc(tasks.createdAt), desc(tasks.id))
        .limit(input.limit + 1);
      return toPage(rows, input.limit);
    }),

    create: orgProcedure.input(z.strictObject({ title })).mutation(async ({ ctx, input }) => {
      const [task] = await ctx.db
        .insert(tasks)
        .values({ orgId: ctx.auth.orgId, createdBy: ctx.auth.userId, title: input.title })
        .returning(taskColumns);
      return task!;
    }),

    update: orgProcedure.input(updateInput).mutation(async ({ ctx, input }) => {
      const [task] = await ctx.db
        .update(tasks)
        .set({ title: input.title, done: input.done, updatedAt: sql`now()` })
        .where(and(eq(tasks.id, input.id), eq(tasks.orgId, ctx.auth.orgId)))
        .returning(taskColumns);
      return task ?? taskNotFound();
    }),

    delete: orgProcedure
      .use(requireRole('org:admin'))
      .input(byId)
      .mutation(async ({ ctx, input }) => {
        const [deleted] = await ctx.db
          .delete(tasks)
          .where(and(eq(tasks.id, input.id), eq(tasks.orgId, ctx.auth.orgId)))
          .returning({ id: tasks.id });
        return deleted ?? taskNotFound();
      }),
  },
} satisfies TRPCRouterRecord;
