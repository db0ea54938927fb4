import { hostname } from 'node:os';
import { type DestinationStream, type LevelWithSilent, type Logger, pino } from 'pino';
import type { Env } from '../env';

/**
 * Paths censored wherever they appear in a log object. The request serializers (http-logger.ts) never log
 * headers at all; this is the second line of defence for code that logs a raw request or headers.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  'token',
  '*.token',
];

/** Level from LOG_LEVEL; when unset, `error` under tests (quiet output) and `info` elsewhere. */
export function logLevel(env: Pick<Env, 'LOG_LEVEL' | 'NODE_ENV'>): LevelWithSilent {
  return env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'error' : 'info');
}

/** One JSON object per line on stdout (or `destination`, which tests use to capture output). */
export function createLogger(
  env: Pick<Env, 'LOG_LEVEL' | 'NODE_ENV'>,
  destination?: DestinationStream,
): Logger {
  const options = {
    level: logLevel(env),
    // hostname + pid tell the replicas apart once their logs are merged.
    base: { service: 'gatehouse-api', hostname: hostname(), pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
