import { principalKey } from '@gatehouse/auth';
import type { AnyTRPCRouter } from '@trpc/server';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { sendError } from '../http/error-response';
import { trpcPathOf } from '../http/trpc-bridge';
import type { StreamSlots } from './stream-slots';

/**
 * Whether a `/trpc` request calls a subscription, read from the path as tRPC reads it. Not from the
 * `Accept` header: tRPC serves the stream whatever the client asks for, so a client leaving out
 * `text/event-stream` would otherwise hold streams without counting.
 */
export function callsSubscription(router: AnyTRPCRouter): (req: Request) => boolean {
  const subscriptions = new Set(
    Object.entries(router._def.procedures as Record<string, { _def: { type: string } }>)
      .filter(([, procedure]) => procedure._def.type === 'subscription')
      .map(([path]) => path),
  );
  return (req) => {
    let path: string;
    try {
      path = decodeURIComponent(trpcPathOf(req));
    } catch {
      return false; // tRPC refuses a malformed path before any procedure runs
    }
    return path.split(',').some((name) => subscriptions.has(name));
  };
}

/**
 * At most LIVE_MAX_STREAMS_PER_CALLER concurrent live streams per caller (verified user or machine
 * subject, else client IP): one token cannot hold thousands of connections and their listeners. The
 * next stream is refused 429 `too-many-streams`; the slot is freed when the stream's response closes.
 */
export function limitLiveStreams(slots: StreamSlots, isStream: (req: Request) => boolean): RequestHandler {
  return async (req, res, next) => {
    if (!isStream(req)) {
      next();
      return;
    }
    const caller = principalKey((res as Response).locals.auth) ?? `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;
    const slot = await slots.acquire(caller);
    if (!slot) {
      sendError(req, res, {
        code: 'TOO_MANY_REQUESTS',
        message: 'Too many live streams open for this caller: close one first',
        reason: 'too-many-streams',
      });
      return;
    }
    res.once('close', () => slot.release());
    next();
  };
}
