/**
 * Task changes as durable, numbered events (the outbox behind `tasks.onChange`).
 *
 * Every task mutation calls `recordTaskChange` inside its own transaction: it takes the org's next
 * change number (`seq`, from a counter row whose lock orders that org's writers, so changes commit in
 * `seq` order) and stores the change. Only after the transaction commits is a notice published on the
 * bus. A subscriber therefore never sees a change that did not happen, and one that missed a notice
 * (another replica, a dropped Redis message, a reconnect) reads it back from here: nothing a mutation
 * acknowledged is lost while it is retained.
 */
import {
  type Database,
  TASK_CHANGE_TYPES,
  type TaskChangeType,
  type TaskSnapshot,
  taskEventCounters,
  taskEvents,
} from '@gatehouse/db/schema';
import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';

/** A task as the API returns it (`tasks.list` items). */
export interface TaskView {
  id: string;
  title: string;
  done: boolean;
  createdBy: string;
  /** The author's name from the users table; null when unknown (show `createdBy`). */
  authorName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type TaskChange =
  | { type: 'created' | 'updated'; task: TaskView }
  | { type: 'deleted'; taskId: string };

/** What a subscriber needs to know after a commit. `change` is absent when it must be read back. */
export interface ChangeNotice {
  orgId: string;
  seq: number;
  change?: TaskChange;
}

export interface NumberedChange {
  seq: number;
  change: TaskChange;
}

/**
 * Changes kept per organization: enough for any reconnect (a token lives 60 s); a subscriber further
 * behind is told to refetch instead (`resync`). Bounded, so the table never grows with history.
 */
export const TASK_CHANGES_KEPT_PER_ORG = 1_000;
/** Rows read per query when replaying. */
export const REPLAY_PAGE = 200;

/** Any transaction or database handle a mutation runs on. */
type Executor = Pick<Database, 'insert' | 'select' | 'delete'>;

const toSnapshot = (task: TaskView): TaskSnapshot => ({
  ...task,
  createdAt: task.createdAt.toISOString(),
  updatedAt: task.updatedAt.toISOString(),
});

/** Snapshots also keep the author's name; those stored before it was added have none. */
type StoredTask = TaskSnapshot & { authorName?: string | null };

const fromSnapshot = (task: StoredTask): TaskView => ({
  id: task.id,
  title: task.title,
  done: task.done,
  createdBy: task.createdBy,
  authorName: task.authorName ?? null,
  createdAt: new Date(task.createdAt),
  updatedAt: new Date(task.updatedAt),
});

/** Call inside the mutation's transaction, after its write; publish the result after the commit. */
export async function recordTaskChange(
  tx: Executor,
  { orgId, actorId }: { orgId: string; actorId: string },
  change: TaskChange,
): Promise<ChangeNotice> {
  const [counter] = await tx
    .insert(taskEventCounters)
    .values({ orgId, lastSeq: 1 })
    .onConflictDoUpdate({
      target: taskEventCounters.orgId,
      set: { lastSeq: sql`${taskEventCounters.lastSeq} + 1` },
    })
    .returning({ seq: taskEventCounters.lastSeq });
  const seq = counter!.seq;
  const isDelete = change.type === 'deleted';
  await tx.insert(taskEvents).values({
    orgId,
    seq,
    type: change.type,
    taskId: isDelete ? change.taskId : change.task.id,
    actorId,
    task: isDelete ? null : toSnapshot(change.task),
  });
  // Retention: one indexed range delete on the primary key, usually of one row.
  await tx
    .delete(taskEvents)
    .where(and(eq(taskEvents.orgId, orgId), lte(taskEvents.seq, seq - TASK_CHANGES_KEPT_PER_ORG)));
  return { orgId, seq, change };
}

/** The org's latest change number, 0 before its first change. */
export async function latestSeq(db: Executor, orgId: string): Promise<number> {
  const [row] = await db
    .select({ seq: taskEventCounters.lastSeq })
    .from(taskEventCounters)
    .where(eq(taskEventCounters.orgId, orgId));
  return row?.seq ?? 0;
}

export type ReadSince =
  | { kind: 'changes'; changes: NumberedChange[] }
  /** The history after `seq` cannot be replayed (pruned, or `seq` is not from this org's history). */
  | { kind: 'gap'; latest: number };

function toChange(row: typeof taskEvents.$inferSelect): TaskChange {
  if (!TASK_CHANGE_TYPES.includes(row.type as TaskChangeType)) {
    throw new Error(`Unknown task change type ${row.type}`);
  }
  if (row.type === 'deleted') return { type: 'deleted', taskId: row.taskId };
  if (!row.task) throw new Error(`Task change ${row.orgId}:${row.seq} has no task`);
  return { type: row.type, task: fromSnapshot(row.task) };
}

/**
 * Up to REPLAY_PAGE changes after `seq`, in order. Reads the counter first: rows read afterwards
 * include every change up to it (they commit together), so a missing `seq + 1` really is a gap.
 */
export async function readChangesSince(db: Executor, orgId: string, seq: number): Promise<ReadSince> {
  const latest = await latestSeq(db, orgId);
  if (seq > latest) return { kind: 'gap', latest };
  if (seq === latest) return { kind: 'changes', changes: [] };
  const rows = await db
    .select()
    .from(taskEvents)
    .where(and(eq(taskEvents.orgId, orgId), gt(taskEvents.seq, seq)))
    .orderBy(asc(taskEvents.seq))
    .limit(REPLAY_PAGE);
  if (rows[0]?.seq !== seq + 1) return { kind: 'gap', latest };
  return { kind: 'changes', changes: rows.map((row) => ({ seq: row.seq, change: toChange(row) })) };
}
