import { EventEmitter, once } from 'node:events';
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { loadEnv } from '../../src/env';
import { createLogger } from '../../src/observability/logger';

export interface CapturedLogger {
  /** The production logger (`createLogger`), writing into memory. */
  logger: Logger;
  /** Every line written so far, parsed. */
  lines: () => Array<Record<string, unknown>>;
  /** The raw text of those lines, to search for secrets. */
  raw: () => string;
  /** Resolves with the first raw line (already written or yet to come) that contains `text`. */
  rawLineWith: (text: string) => Promise<string>;
}

export function captureLogs(): CapturedLogger {
  const written: string[] = [];
  const events = new EventEmitter();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      written.push(...String(chunk).split('\n').filter(Boolean));
      events.emit('line');
      done();
    },
  });
  const rawLineWith = async (text: string): Promise<string> => {
    for (;;) {
      const found = written.find((line) => line.includes(text));
      if (found) return found;
      await once(events, 'line');
    }
  };
  const logger = createLogger(loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'info' }), sink);
  return {
    logger,
    lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>),
    raw: () => written.join('\n'),
    rawLineWith,
  };
}
