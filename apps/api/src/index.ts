import { listenHostOf, localModeNotice } from './auth/listen-host';
import type { Env } from './env';
import { loadEnv } from './env';
import { reportStatsOnSignal } from './observability/process-stats';
import { startTracing, tracingRequested } from './observability/tracing';
import { startServer } from './server';

let env: Env;
try {
  env = loadEnv();
} catch (error) {
  // A configuration mistake: say exactly which variable, without a stack trace.
  console.error((error as Error).message);
  process.exit(1);
}

// Before anything is served, so that the first request is traced too.
const tracing = tracingRequested() ? await startTracing() : null;
const running = await startServer(env, listenHostOf(env)).catch((error: Error) => {
  console.error(`Gatehouse API failed to start: ${error.message}`);
  process.exit(1);
});
const { logger } = running;
const port = Number(new URL(running.url).port);
const notice = localModeNotice(env);
if (notice) logger.warn(notice);
logger.info({ port, url: `http://localhost:${port}`, tracing: tracing !== null }, 'listening');
reportStatsOnSignal(running.stats);
if (running.metricsUrl) logger.info({ metricsUrl: running.metricsUrl }, 'metrics listening');

// SIGTERM (orchestrators) and SIGINT (Ctrl-C): stop accepting, finish in-flight requests, close the
// database pool and Redis, exit 0; exit 1 only if requests had to be cut after SHUTDOWN_TIMEOUT_MS.
// A repeated signal joins the shutdown under way: under `pnpm dev` one Ctrl-C arrives up to three times
// (turbo signals the task's process group, pnpm and the watcher each pass it on), and the default
// action of a second one would kill the process mid-drain.
let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void running.close().then(async ({ drained }) => {
      await tracing?.shutdown().catch((err: unknown) => logger.warn({ err }, 'spans not exported'));
      logger.info({ drained }, 'stopped');
      process.exit(drained ? 0 : 1);
    });
  });
}

process.on('uncaughtException', (err) => {
  logger.fatal({ err }, 'uncaught exception');
  process.exit(1);
});
process.on('unhandledRejection', (err) => {
  logger.fatal({ err }, 'unhandled rejection');
  process.exit(1);
});
