/**
 * A bus that hears nothing, and a reader for `tasks.onChange` streams that awaits each event (no
 * sleeps): `await stream.next()` resolves when the server yields.
 */
import { isTrackedEnvelope } from '@trpc/server';
import type { TaskEventBus } from '../../src/events/bus';
import type { TaskStreamEvent } from '../../src/events/task-stream';

/** A bus that drops every notice: a write made on a replica this process never hears from. */
export const silentBus: TaskEventBus = {
  publish: () => {},
  subscribe: () => ({ ready: Promise.resolve(), unsubscribe: () => {} }),
  close: async () => {},
};

export interface StreamEvent {
  id: string;
  data: TaskStreamEvent;
}

export interface StreamReader {
  next(): Promise<StreamEvent>;
  /** The stream's error, when it ends with one. */
  failure(): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * A server-side caller's stream. tRPC types its items as the client sees them (`{ id, data }`), but a
 * caller gets the resolver's own `tracked()` envelopes; both are accepted, the envelope is checked.
 */
export function readStream(iterable: AsyncIterable<unknown>): StreamReader {
  const iterator = iterable[Symbol.asyncIterator]();
  return {
    async next() {
      const result = await iterator.next();
      if (result.done) throw new Error('the stream ended');
      if (!isTrackedEnvelope<TaskStreamEvent>(result.value)) throw new Error('an event without an id');
      const [id, data] = result.value;
      return { id, data };
    },
    async failure() {
      try {
        for (;;) {
          const result = await iterator.next();
          if (result.done) return null;
        }
      } catch (error) {
        return error;
      }
    },
    async close() {
      await iterator.return?.();
    },
  };
}
