import { hostname } from 'node:os';
import { requestLogFields } from '@gatehouse/auth/server';
import { type DestinationStream, type LevelWithSilent, type Logger, type LoggerOptions, pino } from 'pino';
import type { Env } from '../env';
import { traceLogFields } from './tracing';

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

type LoggerEnv = Pick<Env, 'LOG_LEVEL' | 'LOG_FORMAT' | 'NODE_ENV'>;

/** Level from LOG_LEVEL; when unset, `error` under tests (quiet output) and `info` elsewhere. */
export function logLevel(env: Pick<Env, 'LOG_LEVEL' | 'NODE_ENV'>): LevelWithSilent {
  return env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'error' : 'info');
}

/**
 * `LOG_FORMAT=pretty` (set by `pnpm dev`): one readable line per entry for a person at a terminal,
 * written by pino-pretty in pino's worker thread. A dev dependency: the deployed artifact has no
 * pino-pretty, so there the API refuses to start with `pretty` rather than lose its logs.
 */
const PRETTY = {
  target: 'pino-pretty',
  options: {
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service,req,res,responseTime',
    messageFormat:
      '{msg}{if req.method} {req.method} {req.path} → {res.statusCode} in {responseTime} ms{end}',
    singleLine: true,
  },
};

/**
 * One JSON object per line on stdout (or `destination`, which tests use to capture output). Every line
 * written inside a request, however deep in the call, carries that request's `requestId`, `userId` and
 * `orgId` (read from the request's AsyncLocalStorage scope); an explicit field on the line wins.
 */
export function createLogger(env: LoggerEnv, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: logLevel(env),
    // hostname + pid tell the replicas apart once their logs are merged.
    base: { service: 'gatehouse-api', hostname: hostname(), pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: () => ({ ...requestLogFields(), ...traceLogFields() }),
  };
  if (destination) return pino(options, destination);
  if (env.LOG_FORMAT !== 'pretty') return pino(options);
  try {
    return pino({ ...options, transport: PRETTY });
  } catch (error) {
    throw new Error(`LOG_FORMAT=pretty needs pino-pretty, a dev dependency (${(error as Error).message})`);
  }
}
