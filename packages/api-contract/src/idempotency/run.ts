/**
 * Idempotent mutations: a mutation sent with a key (./keys) runs in ONE transaction with the record of
 * its key and result, so either both commit or neither does — no retry can apply it twice, and no
 * outage can leave it applied without its record. The key's row is inserted first: a concurrent
 * request with the same key waits on that row's lock, then finds the stored result and replays it.
 *
 * Only a success is stored; a failed mutation rolls back with its key, and a retry runs it again.
 * Live-update notices the mutation publishes are held until the commit, so no stream hears of a change
 * that was rolled back.
 */
import { principalKey } from '@gatehouse/auth';
import { type Database, idempotencyKeys } from '@gatehouse/db/schema';
import type { ProcedureType } from '@trpc/server';
import { and, eq, lt, sql } from 'drizzle-orm';
import superjson from 'superjson';
import type { InnerContext } from '../context';
import type { TaskEventBus } from '../events/bus';
import type { ChangeNotice } from '../events/task-changes';
import { canonicalInput, INPUT_LIMITS } from './canonical-input';
import { hashRequest, IDEMPOTENCY_TTL_HOURS, parseIdempotencyHeader } from './keys';

type Outcome = { ok: true; data: unknown } | { ok: false };

export interface IdempotentCall<TResult extends Outcome> {
  ctx: InnerContext;
  type: ProcedureType;
  path: string;
  batchIndex: number;
  getRawInput: () => Promise<unknown>;
  next(opts?: { ctx: Pick<InnerContext, 'db' | 'events'> }): Promise<TResult>;
  /** Raised by the caller (trpc.ts) so the error formatter exposes the reason. */
  refuse(code: 'BAD_REQUEST' | 'CONFLICT', reason: RefusalReason, message: string): never;
}

export type RefusalReason =
  | 'invalid-idempotency-key'
  | 'input-too-complex'
  | 'idempotency-key-reused'
  | 'idempotency-key-other-caller';

/** Thrown inside the transaction to roll it back when the mutation failed; carries its result out. */
class Failed<TResult> {
  constructor(readonly result: TResult) {}
}

const expired = sql`now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`;
/** One fresh claim in this many also prunes expired keys (an indexed range delete). */
const PRUNE_EVERY = 50;

function callerOf(ctx: InnerContext): string | null {
  const principal = principalKey(ctx.auth);
  if (!principal) return null;
  const orgId = (ctx.auth as { orgId?: string | null }).orgId ?? '';
  return `${principal}@${orgId}`;
}

export async function runIdempotently<TResult extends Outcome>(
  call: IdempotentCall<TResult>,
): Promise<TResult> {
  const { ctx } = call;
  if (call.type !== 'mutation' || ctx.idempotencyKeys === undefined) return call.next();
  const keys = parseIdempotencyHeader(ctx.idempotencyKeys);
  if (!keys) {
    call.refuse(
      'BAD_REQUEST',
      'invalid-idempotency-key',
      'Idempotency-Key: 8–128 characters of A–Z a–z 0–9 _ . : -, one per batch index (`0=key, 1=key`)',
    );
  }
  const key = keys.get(call.batchIndex);
  const caller = callerOf(ctx);
  if (!key || !caller) return call.next();
  const input = canonicalInput(await call.getRawInput());
  if (input === null) {
    call.refuse(
      'BAD_REQUEST',
      'input-too-complex',
      `An input sent with an Idempotency-Key nests at most ${INPUT_LIMITS.depth} levels and holds at most ${INPUT_LIMITS.values} values`,
    );
  }
  const inputHash = hashRequest(call.path, input);

  const notices: ChangeNotice[] = [];
  const heldEvents: TaskEventBus = {
    publish: (notice) => notices.push(notice),
    subscribe: (orgId, listener) => ctx.events.subscribe(orgId, listener),
    close: () => ctx.events.close(),
  };
  try {
    const result = await ctx.db.transaction(async (tx) => {
      const [claimed] = await tx
        .insert(idempotencyKeys)
        .values({ key, caller, path: call.path, inputHash })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (!claimed) {
        const [stored] = await tx
          .select()
          .from(idempotencyKeys)
          .where(and(eq(idempotencyKeys.key, key), sql`${idempotencyKeys.createdAt} >= ${expired}`));
        if (stored) return replay(call, stored, { caller, inputHash });
        // Expired: the key is free again.
        await tx
          .update(idempotencyKeys)
          .set({ caller, path: call.path, inputHash, response: null, createdAt: sql`now()` })
          .where(eq(idempotencyKeys.key, key));
      } else if (Math.random() * PRUNE_EVERY < 1) {
        await tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, expired));
      }
      const outcome = await call.next({ ctx: { db: tx as unknown as Database, events: heldEvents } });
      if (!outcome.ok) throw new Failed(outcome);
      await tx
        .update(idempotencyKeys)
        .set({ response: superjson.serialize(outcome.data) })
        .where(eq(idempotencyKeys.key, key));
      return outcome;
    });
    for (const notice of notices) ctx.events.publish(notice);
    return result;
  } catch (error) {
    if (error instanceof Failed) return error.result as TResult;
    throw error;
  }
}

function replay<TResult extends Outcome>(
  call: IdempotentCall<TResult>,
  stored: typeof idempotencyKeys.$inferSelect,
  request: { caller: string; inputHash: string },
): TResult {
  if (stored.caller !== request.caller)
    call.refuse('CONFLICT', 'idempotency-key-other-caller', 'This idempotency key belongs to another caller');
  if (stored.path !== call.path || stored.inputHash !== request.inputHash)
    call.refuse(
      'CONFLICT',
      'idempotency-key-reused',
      'This idempotency key was used for a different request: use a new key for a new action',
    );
  const data = superjson.deserialize(stored.response as Parameters<typeof superjson.deserialize>[0]);
  // The shape tRPC's middleware chain passes along (its `marker` is a type-level brand only).
  return { ok: true, data, marker: 'middlewareMarker' } as unknown as TResult;
}
