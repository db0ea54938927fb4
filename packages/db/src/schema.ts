/**
 * The Gatehouse data model. Node-free on purpose: `@gatehouse/api-contract` (and through its types,
 * the SPA's typecheck) imports this file, never the drivers.
 *
 * Synced tables (users, organizations, memberships) mirror Clerk and are written only by webhooks and
 * the local-mode seed. They carry the source's own `updated_at` (`source_updated_at`) so an older event
 * never overwrites a newer one, and a `deleted_at` tombstone so a late event never resurrects a row.
 * There are no foreign keys between them or to notes/tasks: webhooks arrive in any order, and tokens
 * (not these tables) are the authority for who may touch notes and tasks.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  jsonb,
  type PgDatabase,
  type PgQueryResultHKT,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { LIMITS } from './limits';

/** Millisecond precision, so a `(created_at, id)` cursor read back from JS matches the stored value. */
const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  email: text('email'),
  firstName: text('first_name'),
  lastName: text('last_name'),
  imageUrl: text('image_url'),
  sourceUpdatedAt: instant('source_updated_at').notNull(),
  deletedAt: instant('deleted_at'),
});

export const organizations = pgTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name'),
  slug: text('slug'),
  imageUrl: text('image_url'),
  sourceUpdatedAt: instant('source_updated_at').notNull(),
  deletedAt: instant('deleted_at'),
});

export const memberships = pgTable(
  'memberships',
  {
    orgId: text('org_id').notNull(),
    userId: text('user_id').notNull(),
    role: text('role'),
    sourceUpdatedAt: instant('source_updated_at').notNull(),
    deletedAt: instant('deleted_at'),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.userId] }),
    index('memberships_user_idx').on(table.userId),
  ],
);

export const notes = pgTable(
  'notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: text('owner_id').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (table) => [
    // Ascending: a backward scan serves `order by created_at desc, id desc` exactly (nulls included).
    index('notes_owner_created_idx').on(table.ownerId, table.createdAt, table.id),
    // Defence in depth behind the zod limits: no code path can store an oversized row.
    check(
      'notes_title_length',
      sql`char_length(${table.title}) between 1 and ${sql.raw(String(LIMITS.titleMax))}`,
    ),
    check('notes_body_length', sql`char_length(${table.body}) <= ${sql.raw(String(LIMITS.noteBodyMax))}`),
  ],
);

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: text('org_id').notNull(),
    title: text('title').notNull(),
    done: boolean('done').notNull().default(false),
    createdBy: text('created_by').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (table) => [
    index('tasks_org_created_idx').on(table.orgId, table.createdAt, table.id),
    check(
      'tasks_title_length',
      sql`char_length(${table.title}) between 1 and ${sql.raw(String(LIMITS.titleMax))}`,
    ),
  ],
);

/** One row per applied Clerk delivery (`svix-id`), inserted in the same transaction as its effect. */
export const webhookEvents = pgTable('webhook_events', {
  svixId: text('svix_id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: instant('received_at').notNull().defaultNow(),
});

/** A task as a change event stores it (JSON: instants as ISO strings). */
export interface TaskSnapshot {
  id: string;
  title: string;
  done: boolean;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export const TASK_CHANGE_TYPES = ['created', 'updated', 'deleted'] as const;
export type TaskChangeType = (typeof TASK_CHANGE_TYPES)[number];

/**
 * Live updates (tasks.onChange): the last change number handed out per organization. Incremented in
 * the writing transaction, so its row lock orders one org's changes: they commit in `seq` order.
 */
export const taskEventCounters = pgTable('task_event_counters', {
  orgId: text('org_id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
});

/**
 * Recent task changes per organization, written in the same transaction as the change itself (an
 * outbox): a subscriber that reconnects, or a replica that missed a notification, replays from here.
 */
export const taskEvents = pgTable(
  'task_events',
  {
    orgId: text('org_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').$type<TaskChangeType>().notNull(),
    taskId: uuid('task_id').notNull(),
    actorId: text('actor_id').notNull(),
    /** The task after the change; null for `deleted`. */
    task: jsonb('task').$type<TaskSnapshot>(),
    occurredAt: instant('occurred_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.orgId, table.seq] }),
    check('task_events_type', sql`${table.type} in ('created', 'updated', 'deleted')`),
  ],
);

/**
 * Results of mutations sent with an idempotency key (apps/api: `Idempotency-Key`), stored in the same
 * transaction as the mutation's own writes: a retry with the key replays `response` instead of applying
 * the mutation again. Rows older than 24 h are treated as absent and pruned.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    key: text('key').primaryKey(),
    /** Who sent it (user or machine subject, and org): another caller reusing the key gets a 409. */
    caller: text('caller').notNull(),
    /** The procedure path and a hash of its input: the same key with another request is a 409. */
    path: text('path').notNull(),
    inputHash: text('input_hash').notNull(),
    /** superjson of the result; null until the mutation has succeeded (same transaction). */
    response: jsonb('response'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (table) => [index('idempotency_keys_created_at').on(table.createdAt)],
);

export const schema = {
  users,
  organizations,
  memberships,
  notes,
  tasks,
  webhookEvents,
  taskEventCounters,
  taskEvents,
  idempotencyKeys,
};

/** What routers query: drizzle over either driver (PGlite or node-postgres), same schema, same SQL. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
