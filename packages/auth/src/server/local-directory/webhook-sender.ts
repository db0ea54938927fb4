/**
 * Delivers the local directory's events to the API's `POST /webhooks/clerk` as Clerk does through Svix:
 * the Clerk event envelope, signed with the endpoint's `whsec_` secret (`svix-id`, `svix-timestamp`,
 * `svix-signature`, re-signed on every attempt), and on anything but a 2xx retried with growing delays
 * until the schedule runs out. Svix's schedule spans days (5 s, 5 min, 30 min, 2 h…); a laptop's is
 * minutes. One event at a time, in the order they happened, so the API's log reads like the journey.
 */
import { Webhook } from 'standardwebhooks';
import type { DirectoryEvent } from './directory-state';

/** Svix's first retry comes after 5 s; then, unlike Svix, at most 10 minutes apart. */
export const LOCAL_RETRY_DELAYS_MS = [5_000, 30_000, 60_000, 120_000, 300_000, 600_000, 600_000];
const ATTEMPT_TIMEOUT_MS = 15_000;

export interface DeliveryLog {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface WebhookSenderOptions {
  /** `whsec_…`: the secret the API verifies with. */
  secret: string;
  retryDelaysMs?: readonly number[];
  log?: DeliveryLog;
  fetch?: typeof fetch;
}

export function clerkEnvelope(event: DirectoryEvent): string {
  return JSON.stringify({
    data: event.data,
    event_attributes: { http_request: { client_ip: '127.0.0.1', user_agent: 'gatehouse-local-issuer' } },
    instance_id: 'ins_local',
    object: 'event',
    timestamp: event.timestamp,
    type: event.type,
  });
}

export class WebhookSender {
  readonly #webhook: Webhook;
  readonly #delays: readonly number[];
  readonly #log: DeliveryLog | undefined;
  readonly #fetch: typeof fetch;
  readonly #queue: DirectoryEvent[] = [];
  #url: string | null = null;
  #running: Promise<void> | null = null;
  #stopped = false;
  #wake: (() => void) | null = null;
  #idle = new Set<() => void>();

  constructor(options: WebhookSenderOptions) {
    this.#webhook = new Webhook(options.secret);
    this.#delays = options.retryDelaysMs ?? LOCAL_RETRY_DELAYS_MS;
    this.#log = options.log;
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** Starts delivering to `url` (the endpoint), the queued events first. */
  start(url: string): void {
    this.#url = url;
    this.#kick();
  }

  enqueue(event: DirectoryEvent): void {
    this.#queue.push(event);
    this.#kick();
  }

  /** Resolves once every queued event was delivered (or given up on). */
  idle(): Promise<void> {
    if (this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.add(resolve));
  }

  /** Stops after the attempt in flight; what is still queued is offered again at the next start. */
  stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    return this.#running ?? Promise.resolve();
  }

  #kick() {
    if (this.#url && !this.#running && !this.#stopped) {
      this.#running = this.#drain().finally(() => {
        this.#running = null;
      });
    }
  }

  async #drain() {
    while (this.#queue.length > 0 && !this.#stopped) {
      const event = this.#queue[0]!;
      await this.#deliver(event);
      this.#queue.shift();
    }
    if (this.#queue.length === 0) {
      for (const resolve of this.#idle) resolve();
      this.#idle.clear();
    }
  }

  async #deliver(event: DirectoryEvent) {
    for (let attempt = 0; !this.#stopped; attempt++) {
      const problem = await this.#attempt(event);
      if (problem === null) return;
      const delay = this.#delays[attempt];
      const fields = { svixId: event.id, type: event.type, attempt: attempt + 1, problem };
      if (delay === undefined) {
        this.#log?.error(fields, 'local webhook delivery failed; giving up (the next start offers it again)');
        return;
      }
      this.#log?.warn({ ...fields, retryInMs: delay }, 'local webhook delivery failed; will retry');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        timer.unref?.();
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
    }
  }

  /** null when the endpoint answered 2xx; otherwise what went wrong. */
  async #attempt(event: DirectoryEvent): Promise<string | null> {
    const body = clerkEnvelope(event);
    const sentAt = new Date();
    try {
      const response = await this.#fetch(this.#url!, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'svix-id': event.id,
          'svix-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'svix-signature': this.#webhook.sign(event.id, sentAt, body),
        },
        body,
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? (error.cause as Error | undefined)?.message || error.message : 'failed';
    }
  }
}
