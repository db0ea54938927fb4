import { principalKey } from '@gatehouse/auth';
import type { RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { sendError } from '../http/error-response';
import type { StreamSlots } from './stream-slots';

/** An EventSource asks for `text/event-stream`: tRPC subscriptions over SSE. */
const isEventStream = (accept: string | undefined) => accept?.includes('text/event-stream') ?? false;

/**
 * At most LIVE_MAX_STREAMS_PER_CALLER concurrent live streams per caller (verified user or machine
 * subject, else client IP): one token cannot hold thousands of connections and their listeners. The
 * next stream is refused 429 `too-many-streams`; the slot is freed when the stream's response closes.
 */
export function limitLiveStreams(slots: StreamSlots): RequestHandler {
  return async (req, res, next) => {
    if (!isEventStream(req.get('accept'))) {
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
