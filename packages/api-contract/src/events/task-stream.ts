/**
 * One `tasks.onChange` stream: the changes of ONE organization (the verified token's), in order,
 * each exactly once, each tracked with its event id so a reconnect resumes where it left off.
 *
 *   subscribe to the bus → (replay from the database after `lastEventId`) → `ready` → live changes
 *
 * The stream ends on its own no later than the token's expiry (UNAUTHORIZED `token-expired`: the
 * client reconnects with a fresh token and its last event id), and when the process shuts down
 * (SERVICE_UNAVAILABLE, which tRPC's client treats as "reconnect").
 */
import { isDatabaseUnavailable } from '@gatehouse/db/availability';
import type { Database } from '@gatehouse/db/schema';
import { TRPCError, type TrackedEnvelope, tracked } from '@trpc/server';
import { z } from 'zod';
import { AccessDeniedError } from '../refusals';
import type { TaskEventBus } from './bus';
import { Inbox } from './inbox';
import {
  latestSeq,
  type NumberedChange,
  REPLAY_PAGE,
  readChangesSince,
  type TaskChange,
} from './task-changes';

/**
 * What a subscriber receives. `ready` comes once per connection, after any replay: the stream is
 * authenticated and caught up. `resync: true` means the history could not be replayed (a first
 * connection, or one too far behind): refetch `tasks.list`, then apply what follows.
 */
export type TaskStreamEvent = TaskChange | { type: 'ready'; resync: boolean };

/**
 * A token must have this much life left to open a stream. Below it (e.g. a token inside the verifier's
 * clock-skew allowance after its `exp`) the stream would end at once and the client would reconnect
 * with the same cached token in a loop; refusing with `token-expired` makes it ask for a fresh one.
 */
const MIN_STREAM_LIFE_MS = 1_000;

/**
 * `<orgId>:<seq>`: an id from another org's history (after an org switch) is not mistaken for ours.
 * The org id is URI-encoded: an SSE `id:` line must never carry a line break or a colon of its own.
 */
export const eventIdOf = (orgId: string, seq: number) => `${encodeURIComponent(orgId)}:${seq}`;

export function seqFromEventId(eventId: string | null | undefined, orgId: string): number | null {
  if (!eventId) return null;
  const separator = eventId.lastIndexOf(':');
  if (eventId.slice(0, separator) !== encodeURIComponent(orgId)) return null;
  const seq = Number(eventId.slice(separator + 1));
  return Number.isSafeInteger(seq) && seq >= 0 ? seq : null;
}

/**
 * The subscription's input. tRPC puts the client's last event id here on every reconnect (from the
 * `Last-Event-ID` header, or the input the client link rebuilds); a first connection sends none.
 */
export const lastEventIdInput = z
  .strictObject({
    lastEventId: z
      .string()
      .max(300)
      .regex(/^[^\s:]+:\d{1,15}$/, 'lastEventId: pass back an event id you received')
      .nullish(),
  })
  .optional();

export interface TaskStreamOptions {
  db: Database;
  bus: TaskEventBus;
  orgId: string;
  /** The client's last event id (tRPC fills it from `Last-Event-ID` or the input on reconnect). */
  lastEventId: string | null | undefined;
  /** Epoch ms when the caller's token expires. */
  expiresAtMs: number;
  /** Aborted when the client goes away. */
  signal: AbortSignal | undefined;
}

const tokenExpired = () =>
  new TRPCError({
    code: 'UNAUTHORIZED',
    message: 'The session token expired: reconnect with a fresh one',
    cause: new AccessDeniedError('token-expired'),
  });

// SERVICE_UNAVAILABLE is one of the codes tRPC's SSE client retries: its EventSource reconnects.
const shuttingDown = () =>
  new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The server is restarting: reconnect' });

type CatchUp = { kind: 'changes'; changes: NumberedChange[]; last: number } | { kind: 'gap'; latest: number };

/** Every retained change after `from`, page by page. */
async function catchUp(db: Database, orgId: string, from: number): Promise<CatchUp> {
  const changes: NumberedChange[] = [];
  let last = from;
  for (;;) {
    const read = await readChangesSince(db, orgId, last);
    if (read.kind === 'gap') return read;
    changes.push(...read.changes);
    last = changes.at(-1)?.seq ?? last;
    if (read.changes.length < REPLAY_PAGE) return { kind: 'changes', changes, last };
  }
}

export async function* taskChangeStream(
  options: TaskStreamOptions,
): AsyncGenerator<TrackedEnvelope<TaskStreamEvent>, void> {
  const { db, bus, orgId, signal } = options;
  const lifeMs = options.expiresAtMs - Date.now();
  if (lifeMs < MIN_STREAM_LIFE_MS) throw tokenExpired();

  const inbox = new Inbox();
  // Without this the generator could sit in `await inbox.next()` forever after the client left:
  // an async generator's return() waits for it to reach a yield.
  const onAbort = () => inbox.push({ kind: 'aborted' });
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort(); // the client left before the stream started: no `abort` event comes
  const expiry = setTimeout(() => inbox.push({ kind: 'expired' }), lifeMs);
  const subscription = bus.subscribe(orgId, (busSignal) => inbox.push(busSignal));
  const track = (seq: number, event: TaskStreamEvent) => tracked(eventIdOf(orgId, seq), event);

  try {
    await subscription.ready;
    // Listening already, so nothing committed after the reads below can be missed.
    const from = seqFromEventId(options.lastEventId, orgId);
    const start: CatchUp =
      from === null ? { kind: 'gap', latest: await latestSeq(db, orgId) } : await catchUp(db, orgId, from);
    let last: number;
    if (start.kind === 'gap') {
      last = start.latest;
      yield track(last, { type: 'ready', resync: true });
    } else {
      for (const item of start.changes) yield track(item.seq, item.change);
      last = start.last;
      yield track(last, { type: 'ready', resync: false });
    }

    for (;;) {
      const item = await inbox.next();
      // Gone already (a `closing` or `expired` may be queued before the `aborted`): nobody awaits this
      // stream any more, and an error thrown now would be an unhandled rejection.
      if (item.kind === 'aborted' || signal?.aborted) return;
      if (item.kind === 'expired') throw tokenExpired();
      if (item.kind === 'closing') throw shuttingDown();
      if (item.kind === 'change') {
        const { seq, change } = item.notice;
        // Defence in depth: the bus only delivers this org's notices; a stray one is never trusted.
        if (item.notice.orgId !== orgId) continue;
        if (seq <= last) continue; // already delivered (replayed, or a duplicate notice)
        if (seq === last + 1 && change) {
          yield track(seq, change);
          last = seq;
          continue;
        }
      }
      // A catch-up, a notice without its change (another replica), or one after a gap.
      const read = await catchUp(db, orgId, last);
      if (read.kind === 'gap') {
        last = read.latest;
        yield track(last, { type: 'ready', resync: true });
      } else {
        for (const change of read.changes) yield track(change.seq, change.change);
        last = read.last;
      }
    }
  } catch (error) {
    // The database went away mid-stream: the client reconnects (with its last id) instead of failing.
    if (isDatabaseUnavailable(error))
      throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'The database is unavailable: reconnect' });
    throw error;
  } finally {
    clearTimeout(expiry);
    signal?.removeEventListener('abort', onAbort);
    subscription.unsubscribe();
  }
}
