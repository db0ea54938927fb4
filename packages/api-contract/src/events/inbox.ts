/**
 * A stream's queue of bus signals: listeners push synchronously, the stream awaits the next one.
 * Bounded: past MAX_QUEUED (a consumer slower than the writers) the queue collapses into one
 * `catch-up`, because the database, not the queue, is the record of what happened.
 */
import type { BusSignal } from './bus';

export type InboxItem = BusSignal | { kind: 'aborted' } | { kind: 'expired' };

const MAX_QUEUED = 100;

export class Inbox {
  #items: InboxItem[] = [];
  #wake: (() => void) | null = null;

  push(item: InboxItem): void {
    if (this.#items.length >= MAX_QUEUED && item.kind === 'change') {
      this.#items = this.#items.filter((queued) => queued.kind !== 'change' && queued.kind !== 'catch-up');
      this.#items.push({ kind: 'catch-up' });
    } else {
      this.#items.push(item);
    }
    this.#wake?.();
  }

  async next(): Promise<InboxItem> {
    while (this.#items.length === 0) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = null;
    }
    return this.#items.shift()!;
  }
}
