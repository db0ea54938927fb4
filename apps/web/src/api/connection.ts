/**
 * Whether the API can be reached, from what actually happens: every tRPC call and the live stream
 * report through `connectionLink`, and while the API is unreachable a `health` check runs with a
 * capped backoff until it answers. No steady poll: a poll is stale between its ticks (the footer said
 * "ok" for many seconds after the API died) and costs requests while all is well.
 */
import type { AppRouter } from '@gatehouse/api-contract';
import { isIdentityChanged, readApiFailure } from '@gatehouse/auth/browser';
import type { TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';

export type ConnectionStatus = 'checking' | 'online' | 'offline';

/** Health checks while offline: 1 s, 2 s, 4 s, then every 5 s. */
const BACKOFF_MS = [1_000, 2_000, 4_000, 5_000];

/**
 * No answer from the API at all (network error, refused connection, CORS) or a gateway in front of it
 * saying so. Any other answer, a 4xx or 500 included, means the API is there. An operation dropped
 * before sending (its identity changed) says nothing about the API.
 */
export function isUnreachable(error: unknown): boolean {
  const { status } = readApiFailure(error);
  return !isIdentityChanged(error) && (status === null || status === 502 || status === 504);
}

type Listener = () => void;

export class ApiConnection {
  #status: ConnectionStatus = 'checking';
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #started = false;
  #checking: Promise<unknown> | null = null;
  readonly #listeners = new Set<Listener>();
  readonly #reconnectListeners = new Set<Listener>();

  /** `check` asks the API something cheap; it settles either way (the link reports the outcome). */
  constructor(private readonly check: () => Promise<unknown>) {}

  get status(): ConnectionStatus {
    return this.#status;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Called once the API answers again after being unreachable. */
  onReconnect(listener: Listener): () => void {
    this.#reconnectListeners.add(listener);
    return () => this.#reconnectListeners.delete(listener);
  }

  reportAnswer(): void {
    const wasOffline = this.#status === 'offline';
    this.#failures = 0;
    clearTimeout(this.#timer);
    this.#set('online');
    if (wasOffline) for (const listener of this.#reconnectListeners) listener();
  }

  reportUnreachable(): void {
    this.#set('offline');
    clearTimeout(this.#timer);
    if (!this.#started) return;
    const delay = BACKOFF_MS[Math.min(this.#failures, BACKOFF_MS.length - 1)];
    this.#failures += 1;
    this.#timer = setTimeout(this.checkNow, delay);
  }

  /** One check at a time (StrictMode's rehearsal remount would start a second one). */
  checkNow = (): void => {
    this.#checking ??= this.check()
      .catch(() => undefined)
      .finally(() => {
        this.#checking = null;
      });
  };

  /** First check, and a check whenever the browser says the network or the tab came back. */
  start(): () => void {
    this.#started = true;
    this.checkNow();
    const recheck = () => {
      if (document.visibilityState === 'visible') this.checkNow();
    };
    window.addEventListener('online', recheck);
    document.addEventListener('visibilitychange', recheck);
    return () => {
      this.#started = false;
      clearTimeout(this.#timer);
      window.removeEventListener('online', recheck);
      document.removeEventListener('visibilitychange', recheck);
    };
  }

  #set(status: ConnectionStatus) {
    if (status === this.#status) return;
    this.#status = status;
    for (const listener of this.#listeners) listener();
  }
}

/**
 * Reports every operation's outcome: an answer (data, a stream that opened, or any error the API sent)
 * or no answer. Put it first, so it sees what the app sees, after the auth link's retry.
 */
export function connectionLink(connection: ApiConnection): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) =>
        next(op).subscribe({
          next(envelope) {
            const { result } = envelope;
            const type = 'type' in result ? result.type : 'data';
            if (type === 'state' && 'state' in result) {
              // The live stream lost its connection and is reconnecting.
              if (result.state === 'connecting' && result.error && isUnreachable(result.error)) {
                connection.reportUnreachable();
              }
            } else if (type !== 'stopped') {
              connection.reportAnswer(); // data, or a stream that opened
            }
            observer.next(envelope);
          },
          error(error) {
            if (isUnreachable(error)) connection.reportUnreachable();
            else if (!isIdentityChanged(error)) connection.reportAnswer();
            observer.error(error);
          },
          complete: () => observer.complete(),
        }),
      );
}
