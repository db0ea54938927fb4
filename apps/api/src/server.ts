import { createServer, type Server } from 'node:http';
import { createLocalEventBus, type TaskEventBus } from '@gatehouse/api-contract/events';
import type { DatabaseHandle } from '@gatehouse/db';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createApp } from './app';
import { type AuthRuntime, createAuthRuntime } from './auth/runtime';
import { openAppDatabase } from './data/database';
import type { Env } from './env';
import { answerClientErrorsWithJson } from './http/client-errors';
import { drainable } from './http/graceful-shutdown';
import { createRedisEventBus } from './live/redis-event-bus';
import { createLogger } from './observability/logger';
import { createMetrics } from './observability/metrics';
import { listenForMetrics } from './observability/metrics-endpoint';
import { type ProcessStats, processStats } from './observability/process-stats';
import { connectRedis } from './redis';

export interface RunningServer {
  server: Server;
  url: string;
  logger: Logger;
  /** The process's database handle (tests arrange rows with it, or close it to simulate an outage). */
  database: DatabaseHandle;
  /** The process's authenticator (its `stats` count verifications) and, in local mode, the issuer. */
  auth: AuthRuntime;
  /** Live updates: the bus `tasks.onChange` streams listen on (Redis-backed when REDIS_URL is set). */
  events: TaskEventBus;
  /** Memory, handles, pool connections and open streams of this process (for soaks). */
  stats(): ProcessStats;
  /** The METRICS_PORT listener's `/metrics` URL; null when metrics are not on a port of their own. */
  metricsUrl: string | null;
  /**
   * Stops accepting, lets in-flight requests finish (up to SHUTDOWN_TIMEOUT_MS), then releases
   * resources (db pool, redis). `drained: false` means some requests had to be cut. Idempotent.
   */
  close(): Promise<{ drained: boolean }>;
}

export interface StartOptions {
  host?: string;
  /** Injected by tests (e.g. to capture log lines); default: JSON on stdout at LOG_LEVEL. */
  logger?: Logger;
}

/**
 * Builds every dependency from the validated env, mounts the app and listens. Shared by `index.ts`
 * and by tests (PORT=0 gives an ephemeral port), so tests exercise the real start-up path.
 */
export async function startServer(
  env: Env,
  hostOrOptions: string | StartOptions = {},
): Promise<RunningServer> {
  const options = typeof hostOrOptions === 'string' ? { host: hostOrOptions } : hostOrOptions;
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? createLogger(env);
  // Released in reverse order after the HTTP server has drained.
  const resources: Array<() => Promise<unknown>> = [];
  const release = async () => {
    for (const close of resources.reverse())
      await close().catch((err) => logger.error({ err }, 'close failed'));
  };

  try {
    const redis: Redis | null = env.REDIS_URL ? await connectRedis(env.REDIS_URL, logger) : null;
    if (redis) resources.push(() => redis.quit());

    const database = await openAppDatabase(env, logger);
    resources.push(() => database.close());

    const events: TaskEventBus = redis
      ? await createRedisEventBus({ redis, prefix: env.LIVE_REDIS_PREFIX, logger })
      : createLocalEventBus();
    resources.push(() => events.close());

    const auth = await createAuthRuntime(env, logger);
    resources.push(() => auth.close());
    const metrics = createMetrics({ database, authenticator: auth.authenticator });
    const metricsListener = await listenForMetrics(env, metrics.registry);
    if (metricsListener) resources.push(() => metricsListener.close());
    let draining = false;
    const isDraining = () => draining;
    const app = createApp({ env, logger, redis, database, auth, events, metrics, isDraining });
    const server = createServer(
      {
        maxHeaderSize: env.MAX_HEADER_BYTES,
        headersTimeout: env.HEADERS_TIMEOUT_MS,
        requestTimeout: env.REQUEST_TIMEOUT_MS,
        keepAliveTimeout: env.KEEP_ALIVE_TIMEOUT_MS,
        // Node checks the two timeouts above only this often (default 30 s, which would let a slow
        // client hold a socket 30 s past its deadline).
        connectionsCheckingInterval: Math.min(1_000, Math.ceil(env.HEADERS_TIMEOUT_MS / 2)),
      },
      app,
    );
    answerClientErrorsWithJson(server);
    const drainer = drainable(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(env.PORT, host, () => {
        server.off('error', reject);
        resolve();
      });
    });

    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : env.PORT;
    await auth.listening(`http://${host}:${port}`);
    let closing: Promise<{ drained: boolean }> | undefined;
    return {
      server,
      url: `http://${host}:${port}`,
      logger,
      database,
      auth,
      events,
      stats: () => processStats({ poolUsage: database.poolUsage, inFlight: drainer.inFlight }),
      metricsUrl: metricsListener?.url ?? null,
      close: () => {
        // Closing the bus first ends every live stream (clients reconnect to another replica) and
        // refuses new ones, so the drain waits only for ordinary requests.
        draining = true;
        closing ??= events
          .close()
          .then(() => drainer.drain(env.SHUTDOWN_TIMEOUT_MS))
          .then(async (drained) => {
            await release();
            return { drained };
          });
        return closing;
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}
