import { appRouter, createInnerContext, IDEMPOTENCY_HEADER } from '@gatehouse/api-contract';
import { createLocalEventBus, type TaskEventBus } from '@gatehouse/api-contract/events';
import type { DatabaseHandle } from '@gatehouse/db';
import cors from 'cors';
import express from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { localHostGuard } from './auth/local-host-guard';
import { authenticate, authOf, refuseInvalidCredentials } from './auth/middleware';
import { authResponseMeta } from './auth/response-meta';
import { type AuthRuntime, LOCAL_BACKEND_API_PATH } from './auth/runtime';
import type { Env } from './env';
import { csrfGuard } from './http/csrf';
import { errorHandler, notFound } from './http/fallbacks';
import { refuseWhileDraining } from './http/refuse-while-draining';
import {
  labelTrpcErrorsAsJson,
  limitBatchSize,
  limitDeclaredBodySize,
  requireJsonBody,
} from './http/request-guards';
import { REQUEST_ID_HEADER, requestId } from './http/request-id';
import { securityHeaders } from './http/security-headers';
import { sequence } from './http/sequence';
import { trpcBridge } from './http/trpc-bridge';
import { callsSubscription, limitLiveStreams } from './live/limit-streams';
import { streamSlotsFor } from './live/stream-slots';
import { httpLogger } from './observability/http-logger';
import { createLogger } from './observability/logger';
import { createMetrics, type Metrics } from './observability/metrics';
import { publicMetrics } from './observability/metrics-endpoint';
import { observeRequests } from './observability/request-telemetry';
import { createRateLimiters } from './rate-limit/limiters';
import { rateLimitStores } from './rate-limit/stores';
import { clerkWebhooks } from './routes/clerk-webhooks';
import { devAuthRoutes } from './routes/dev-auth';
import { localBackendApi } from './routes/local-backend-api';
import { readyz } from './routes/readyz';

/** What the app is built from; `server.ts` constructs these once per process. */
export interface AppDeps {
  env: Env;
  /** Default: a logger built from env (tests pass one that captures lines). */
  logger?: Logger;
  /** Shared rate-limit counters (and readiness) when REDIS_URL is set; null: in-memory counters. */
  redis?: Redis | null;
  /** The process's database (opened and migrated by server.ts): procedures, webhooks, readiness. */
  database: DatabaseHandle;
  /** The authenticator (one per process: it owns the verified-token cache) and the local issuer. */
  auth: AuthRuntime;
  /** Live updates (`tasks.onChange`): Redis pub/sub across replicas, or (default) this process only. */
  events?: TaskEventBus;
  /** True once shutdown began (server.ts): new requests get 503 `shutting-down`, readiness says so. */
  isDraining?: () => boolean;
  /** Prometheus metrics (server.ts also serves them on METRICS_PORT); default: a registry of its own. */
  metrics?: Metrics;
}

/**
 * Builds the Express app without listening, so tests can mount it on an ephemeral port.
 * The ORDER below is the security design; each step may rely on the ones above it.
 */
export function createApp({
  env,
  logger = createLogger(env),
  redis = null,
  database,
  auth,
  events = createLocalEventBus(),
  isDraining = () => false,
  metrics = createMetrics({ database, authenticator: auth.authenticator }),
}: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  // `req.ip` is the rate-limit key for anonymous callers: only trust proxies that are configured.
  app.set('trust proxy', env.TRUST_PROXY);
  const limiters = createRateLimiters(
    env,
    logger,
    rateLimitStores(redis, env.RATE_LIMIT_REDIS_PREFIX),
    metrics.rateLimited,
  );

  // Each `sequence` is one Express layer for middlewares that always run together (./http/sequence).
  app.use(
    sequence(
      // 1. Trace, measure, identify and log every request, whatever happens to it afterwards.
      observeRequests(metrics),
      requestId(),
      httpLogger(logger),
      refuseWhileDraining(isDraining),
      // 2. Response headers: a JSON API never renders, so the strictest CSP; CORS only for CORS_ORIGINS.
      securityHeaders({
        contentSecurityPolicy: {
          useDefaults: false,
          directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
        },
      }),
      cors({
        origin: env.CORS_ORIGINS,
        credentials: true,
        maxAge: 600,
        exposedHeaders: [REQUEST_ID_HEADER, 'retry-after', 'ratelimit', 'ratelimit-policy'],
      }),
    ),
  );

  // 3. Probes: never rate limited, no auth.
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', readyz({ database, redis, isDraining }));
  app.get('/metrics', publicMetrics(env, metrics.registry));

  // 4. Webhooks: their own bucket, then the signature check on the raw body (data layer).
  app.use(
    '/webhooks/clerk',
    sequence(limiters.webhook, clerkWebhooks({ database, signingSecret: auth.webhookSigningSecret })),
  );
  // 4b. Local mode's stand-in of Clerk's Backend API: its caller (this API) presents a secret key, not a token.
  if (auth.localIssuer) app.use(LOCAL_BACKEND_API_PATH, localBackendApi(auth.localIssuer));

  // 5. tRPC: reject what is malformed before paying for token verification or reading the body.
  app.use(
    '/trpc',
    sequence(
      requireJsonBody(),
      limitDeclaredBodySize(env.MAX_BODY_BYTES),
      limitBatchSize(env.MAX_BATCH_SIZE),
      labelTrpcErrorsAsJson(),
    ),
  );
  app.use(
    sequence(
      // 6. CSRF before auth: a cross-site cookie request is refused whatever its token says.
      csrfGuard(env.CORS_ORIGINS),
      // 6b. Auth, once per request: `res.locals.auth` and `getAuth()` for everything below.
      authenticate(auth.authenticator, limiters.refusedCredentialsSpent),
      // 7. Rate limits after auth (they key on the verified user) and before any procedure runs.
      limiters.authFailure,
      limiters.general,
      // 7b. Malformed credentials (two Authorization headers…): 400 for the whole request, once counted.
      refuseInvalidCredentials,
    ),
  );
  // Local mode's issuer signs anyone in: only for requests addressed to this machine (DNS rebinding).
  if (auth.localIssuer)
    app.use('/dev/auth', localHostGuard(env.CORS_ORIGINS), devAuthRoutes(auth.localIssuer));
  app.use(
    '/trpc',
    sequence(
      // 7c. Live streams per caller, bounded (429 too-many-streams).
      limitLiveStreams(streamSlotsFor(env, redis, logger), callsSubscription(appRouter)),
      trpcBridge({
        router: appRouter,
        maxBodySize: env.MAX_BODY_BYTES,
        maxBatchSize: env.MAX_BATCH_SIZE,
        createContext: ({ req, res }) =>
          createInnerContext({
            auth: authOf(res),
            requestId: res.locals.requestId,
            database,
            events,
            idempotencyKeys: req.get(IDEMPOTENCY_HEADER),
            observeCall: metrics.procedureCall,
          }),
        responseMeta: authResponseMeta,
        onError: ({ error, path, req }) => {
          if (error.code === 'INTERNAL_SERVER_ERROR')
            req.log.error({ err: error, procedure: path }, 'procedure failed');
        },
      }),
    ),
  );

  // 8. Everything else: JSON 404, and JSON errors with the request id (never a stack).
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
