import { type AuthObject, OUTAGE_REASONS, principalKey } from '@gatehouse/auth';
import type { Request, RequestHandler, Response } from 'express';
import {
  ipKeyGenerator,
  type Options,
  type RateLimitRequestHandler,
  rateLimit,
  type Store,
} from 'express-rate-limit';
import type { Logger } from 'pino';
import type { Env } from '../env';
import { sendError } from '../http/error-response';

/** The three buckets; each needs its own store (express-rate-limit refuses a shared one). */
export type BucketName = 'general' | 'auth-failure' | 'webhook';
export type StoreFactory = (bucket: BucketName) => Store | undefined;

export interface RateLimiters {
  /** Every API request: keyed by the verified user or machine subject, else by client IP. */
  general: RequestHandler;
  /** Only requests whose credential was refused (`res.locals.auth.reason`), keyed by IP. */
  authFailure: RequestHandler;
  /** `/webhooks/clerk`, keyed by IP: signature checks are cheap but not free. */
  webhook: RequestHandler;
  /**
   * Whether this client IP has used up its refused-credential budget; asked BEFORE a credential that
   * would cost a call to Clerk's Backend API is verified, so a flood of random `ak_…` strings from one
   * client costs at most that budget in Backend API calls. Null: not spent (or the bucket is off).
   */
  refusedCredentialsSpent(req: Request): Promise<{ retryAfterSeconds: number } | null>;
}

/** Written by the auth middleware before any limiter that reads it; absent → treated as signed out. */
function authOf(res: Response): AuthObject | undefined {
  return res.locals.auth as AuthObject | undefined;
}

// `ipKeyGenerator` groups an IPv6 client by its /56 so one host cannot rotate addresses to escape.
const ipKey = (req: Request) => `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;

/** A session's user, or a machine credential's subject (a user's key shares its user's budget). */
function principalOrIpKey(req: Request, res: Response): string {
  return principalKey(authOf(res)) ?? ipKey(req);
}

/**
 * A refused credential counts, session or machine; no credential does not, nor an outage of the keys or
 * of Clerk's Backend API (503, not the client's fault).
 */
function credentialWasRefused(res: Response): boolean {
  const auth = authOf(res);
  return !!auth && !auth.isAuthenticated && auth.reason !== null && !OUTAGE_REASONS.has(auth.reason);
}

const passThrough: RequestHandler = (_req, _res, next) => next();

/** `onRefusal`: told each 429 a bucket answers (metrics). */
export function createRateLimiters(
  env: Env,
  logger: Logger,
  storeFor: StoreFactory,
  onRefusal: (bucket: BucketName) => void = () => {},
): RateLimiters {
  const bucket = (name: BucketName, limit: number, extra: Partial<Options>): RequestHandler => {
    if (limit === 0) return passThrough;
    return rateLimit({
      windowMs: env.RATE_LIMIT_WINDOW_MS,
      limit,
      identifier: name,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      store: storeFor(name),
      // A store outage (Redis down) lets traffic through and logs: availability over strictness.
      passOnStoreError: true,
      logger: {
        error: (err, msg) => logger.error({ err, bucket: name }, msg),
        warn: (msg) => logger.warn(msg),
      },
      handler: (req, res) => {
        onRefusal(name);
        sendError(req, res, {
          code: 'TOO_MANY_REQUESTS',
          message: 'Too many requests',
          reason: 'rate-limited',
        });
      },
      ...extra,
    });
  };
  const authFailure = bucket('auth-failure', env.RATE_LIMIT_AUTH_FAILURE_MAX, {
    keyGenerator: ipKey,
    skip: (_req, res) => !credentialWasRefused(res),
  });
  return {
    general: bucket('general', env.RATE_LIMIT_MAX, { keyGenerator: principalOrIpKey }),
    authFailure,
    webhook: bucket('webhook', env.RATE_LIMIT_WEBHOOK_MAX, { keyGenerator: ipKey }),
    async refusedCredentialsSpent(req) {
      if (!('getKey' in authFailure)) return null;
      // A store outage (Redis down) lets the request through, as the limiters themselves do.
      const info = await Promise.resolve((authFailure as RateLimitRequestHandler).getKey(ipKey(req))).catch(
        () => undefined,
      );
      if (!info || info.totalHits < env.RATE_LIMIT_AUTH_FAILURE_MAX) return null;
      onRefusal('auth-failure');
      const resetInMs = (info.resetTime?.getTime() ?? Date.now()) - Date.now();
      return { retryAfterSeconds: Math.max(1, Math.ceil(resetInMs / 1000)) };
    },
  };
}
