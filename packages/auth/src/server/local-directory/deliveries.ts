import type { LocalDirectory } from './directory';
import { type DeliveryLog, WebhookSender, type WebhookSenderOptions } from './webhook-sender';

/** The start-up waits at most this long for the backlog; the rest goes on in the background. */
const READY_WAIT_MS = 10_000;

export interface DirectoryDeliveries {
  /**
   * Resolves once the events written before the start were delivered, one attempt failed, or
   * READY_WAIT_MS passed (a long history).
   */
  ready: Promise<void>;
  /** Resolves once everything queued so far was delivered (or given up on). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Sends every directory event to `url` as a Clerk webhook: first all of them, oldest first (the issuer
 * cannot know which database the API has now, so it offers the whole history and the API answers
 * `duplicate` for what it has), then each new one as it happens.
 */
function waited(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

export async function deliverDirectoryEvents(
  directory: LocalDirectory,
  options: WebhookSenderOptions & { url: string },
): Promise<DirectoryDeliveries> {
  let failed: () => void = () => {};
  const firstFailure = new Promise<void>((resolve) => {
    failed = resolve;
  });
  const log: DeliveryLog = {
    warn: (fields, message) => {
      failed();
      options.log?.warn(fields, message);
    },
    error: (fields, message) => {
      failed();
      options.log?.error(fields, message);
    },
  };
  const sender = new WebhookSender({ ...options, log });
  for (const event of await directory.events()) sender.enqueue(event);
  const unsubscribe = directory.onEvent((event) => sender.enqueue(event));
  sender.start(options.url);
  return {
    ready: Promise.race([sender.idle(), firstFailure, waited(READY_WAIT_MS)]),
    idle: () => sender.idle(),
    stop: () => {
      unsubscribe();
      return sender.stop();
    },
  };
}
