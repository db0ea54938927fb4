import { verifyWebhook } from '@clerk/backend/webhooks';
import type { DatabaseHandle } from '@gatehouse/db';
import { isDatabaseUnavailable } from '@gatehouse/db/availability';
import express, { type Request, type Router } from 'express';
import { ZodError } from 'zod';
import { sendDatabaseUnavailable, sendError } from '../http/error-response';
import { applyDelivery, effectOf, isHandled } from '../webhooks/clerk-events';

/** Clerk's largest payloads (a user with many identities) are tens of KiB. */
const MAX_WEBHOOK_BYTES = '256kb';
const SIGNATURE_HEADERS = ['svix-id', 'svix-timestamp', 'svix-signature'] as const;

export interface ClerkWebhookDeps {
  database: DatabaseHandle;
  /** Unset: every delivery answers 503 `webhooks-not-configured`, so Svix keeps retrying until it is set. */
  signingSecret: string | undefined;
}

/** The signature covers the exact bytes sent: verify those, never re-serialised JSON. */
function toFetchRequest(req: Request, body: Buffer): globalThis.Request {
  const headers = new Headers();
  for (const name of SIGNATURE_HEADERS) {
    const value = req.get(name);
    if (value !== undefined) headers.set(name, value);
  }
  return new Request('http://webhook.invalid/webhooks/clerk', { method: 'POST', headers, body });
}

/**
 * `POST /webhooks/clerk`. 400 with no effect: missing headers, bad signature, timestamp outside
 * ±5 min (all checked by `@clerk/backend`'s `verifyWebhook`), or a payload of the wrong shape.
 * 200 `applied` | `duplicate` (a redelivery, same svix-id) | `ignored` (an event type we do not sync).
 * 503 + Retry-After when the database is unavailable (nothing applied: one transaction); Svix retries.
 */
export function clerkWebhooks({ database, signingSecret }: ClerkWebhookDeps): Router {
  const router = express.Router();
  router.post('/', express.raw({ type: 'application/json', limit: MAX_WEBHOOK_BYTES }), async (req, res) => {
    if (!signingSecret) {
      sendError(req, res, {
        code: 'SERVICE_UNAVAILABLE',
        message: 'Clerk webhooks are not configured: set CLERK_WEBHOOK_SIGNING_SECRET',
        reason: 'webhooks-not-configured',
      });
      return;
    }
    if (!Buffer.isBuffer(req.body)) {
      sendError(req, res, { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Expected an application/json body' });
      return;
    }

    let event: Awaited<ReturnType<typeof verifyWebhook>>;
    try {
      event = await verifyWebhook(toFetchRequest(req, req.body), { signingSecret });
    } catch (error) {
      // The library's messages name the failed check (headers, signature, timestamp), never the secret.
      const message = error instanceof Error ? error.message : 'Webhook verification failed';
      sendError(req, res, { code: 'BAD_REQUEST', message, reason: 'invalid-webhook' });
      return;
    }
    const svixId = req.get('svix-id')!.trim(); // present: verification requires it
    if (!isHandled(event.type)) {
      res.locals.webhookOutcome = 'ignored';
      req.log.info({ svixId, type: event.type, status: 'ignored' }, 'clerk webhook');
      res.json({ status: 'ignored' });
      return;
    }

    let effect: ReturnType<typeof effectOf>;
    try {
      effect = effectOf(event.type, event);
    } catch (error) {
      if (!(error instanceof ZodError)) throw error;
      req.log.warn({ svixId, type: event.type, issues: error.issues }, 'webhook payload of unexpected shape');
      sendError(req, res, {
        code: 'BAD_REQUEST',
        message: 'Unexpected event payload',
        reason: 'invalid-payload',
      });
      return;
    }

    try {
      const status = await applyDelivery(database.privileged, svixId, event.type, effect);
      req.log.info({ svixId, type: event.type, status }, 'clerk webhook');
      res.locals.webhookOutcome = status;
      res.json({ status });
    } catch (err) {
      // Anything else is a bug: the error handler answers 500 and logs it (Svix retries 5xx too).
      if (!isDatabaseUnavailable(err)) throw err;
      req.log.warn({ err, svixId, type: event.type }, 'clerk webhook not applied: database unavailable');
      sendDatabaseUnavailable(req, res, 'Could not store the event; retry later');
    }
  });
  return router;
}
