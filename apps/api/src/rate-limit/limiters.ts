import type { AuthObject } from '@gatehouse/auth';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, type Options, rateLimit, type Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { Env } from '../env';
import { sendError } from '../http/error-response';

/** The three buckets; each needs its own store (express-rate-limit refuses a shared one). */
export type BucketName = 'general' | 'auth-failure' | 'webhook';
export type StoreFactory = (bucket: BucketName) => Store | undefined;

export interface RateLimiters {
  /** Every API request: keyed by the verified user, else by client IP. */
  general: RequestHandler;
  /** Only requests whose credential was refused (`res.locals.auth.reason`), keyed by IP. */
  authFailure: RequestHandler;
  /** `/webhooks/clerk`, keyed by IP: signature checks are cheap but not free. */
  webhook: RequestHandler;
}

/** Written by the auth middleware before any limiter that reads it; absent → treated as signed out. */
function authOf(res: Response): AuthObject | undefined {
  return res.locals.auth as AuthObject | undefined;
}

// `ipKeyGenerator` groups an IPv6 client by its /56 so one host cannot rotate addresses to escape.
const ipKey = (req: Request) => `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`;

function userOrIpKey(req: Request, res: Response): string {
  const auth = authOf(res);
  return auth?.isAuthenticated ? `user:${auth.userId}` : ipKey(req);
}

/** A refused credential counts; no credential does not, nor a key outage (503, not the client's fault). */
function credentialWasRefused(res: Response): boolean {
  const auth = authOf(res);
  return !!auth && !auth.isAuthenticated && auth.reason !== null && auth.reason !== 'jwks-unavailable';
}

const passThrough: RequestHandler = (_req, _res, next) => next();

export function createRateLimiters(env: Env, logger: Logger, storeFor: StoreFactory): RateLimiters {
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
        sendError(req, res, {
          code: 'TOO_MANY_REQUESTS',
          message: 'Too many requests',
          reason: 'rate-limited',
        });
      },
      ...extra,
    });
  };
  return {
    general: bucket('general', env.RATE_LIMIT_MAX, { keyGenerator: userOrIpKey }),
    authFailure: bucket('auth-failure', env.RATE_LIMIT_AUTH_FAILURE_MAX, {
      keyGenerator: ipKey,
      skip: (_req, res) => !credentialWasRefused(res),
    }),
    webhook: bucket('webhook', env.RATE_LIMIT_WEBHOOK_MAX, { keyGenerator: ipKey }),
  };
}
