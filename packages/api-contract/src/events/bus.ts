/**
 * The event bus between task mutations and `tasks.onChange` streams, one channel per organization.
 *
 * A bus only rings the doorbell: the durable record is the `task_events` table (task-changes.ts).
 * The in-process bus below is the default (one API process, no extra service); with REDIS_URL the API
 * wraps it in a Redis pub/sub bus (apps/api/src/live) so a change reaches every replica.
 */
import type { ChangeNotice } from './task-changes';

export type BusSignal =
  /** A change committed; `notice.change` may be absent (then read it back from the database). */
  | { kind: 'change'; notice: ChangeNotice }
  /** Notices may have been missed (e.g. Redis reconnected): read what is new from the database. */
  | { kind: 'catch-up' }
  /** The process is shutting down: end the stream so the client reconnects elsewhere. */
  | { kind: 'closing' };

export type BusListener = (signal: BusSignal) => void;

export interface BusSubscription {
  /**
   * Resolves once notices published from now on will be delivered (for Redis: the SUBSCRIBE is
   * confirmed). A stream reads the database only after this, so no change falls between the two.
   */
  ready: Promise<void>;
  unsubscribe(): void;
}

export interface TaskEventBus {
  /** After the commit. Never throws: a lost notice is recovered from the database by the next one. */
  publish(notice: ChangeNotice): void;
  subscribe(orgId: string, listener: BusListener): BusSubscription;
  /** Tells every listener `closing` (so their streams end), and every later subscriber at once. */
  close(): Promise<void>;
}

/** The in-process bus, plus what a wrapping (Redis) bus needs to feed it. */
export interface LocalEventBus extends TaskEventBus {
  /** Sends `signal` to every listener of every org. */
  broadcast(signal: BusSignal): void;
  /** Orgs with at least one listener in this process. */
  listenedOrgs(): string[];
}

export function createLocalEventBus(): LocalEventBus {
  const listeners = new Map<string, Set<BusListener>>();
  let closed = false;
  const deliver = (listener: BusListener, signal: BusSignal) => {
    // A listener only queues the signal; one that throws must not stop delivery to the others.
    try {
      listener(signal);
    } catch {
      // Nothing to do: the stream behind it catches up from the database on its next signal.
    }
  };

  return {
    publish(notice) {
      for (const listener of listeners.get(notice.orgId) ?? []) deliver(listener, { kind: 'change', notice });
    },
    subscribe(orgId, listener) {
      if (closed) {
        deliver(listener, { kind: 'closing' });
        return { ready: Promise.resolve(), unsubscribe: () => {} };
      }
      const set = listeners.get(orgId) ?? new Set<BusListener>();
      listeners.set(orgId, set);
      set.add(listener);
      return {
        ready: Promise.resolve(),
        unsubscribe() {
          set.delete(listener);
          if (set.size === 0 && listeners.get(orgId) === set) listeners.delete(orgId);
        },
      };
    },
    broadcast(signal) {
      for (const set of listeners.values()) for (const listener of set) deliver(listener, signal);
    },
    listenedOrgs: () => [...listeners.keys()],
    async close() {
      if (closed) return;
      closed = true;
      const all = [...listeners.values()].flatMap((set) => [...set]);
      listeners.clear();
      for (const listener of all) deliver(listener, { kind: 'closing' });
    },
  };
}

/** The default of `createInnerContext`: one bus per process, so mutations and streams meet. */
export const processEventBus: TaskEventBus = createLocalEventBus();
