import {
  authObjectFromClaims,
  personaSessionClaims,
  requestLogFields,
  runInRequest,
  runWithAuth,
} from '@gatehouse/auth/server';
import { pino } from 'pino';

/**
 * What `getAuth()`'s AsyncLocalStorage costs the API's logs, in-process: the API's request line written
 * without the request fields, with them passed by hand, and with them added by the logger's mixin from
 * the request scope (one store read per line); and the request scope itself (`runInRequest` then
 * `runWithAuth`, once per request) against a plain call. Rounds rotate the variants, so outside load on
 * this shared machine hits them alike.
 */
type LineVariant = 'plain' | 'byHand' | 'mixin';

export interface LogFieldFigures {
  /** ns per line, median over rounds. */
  lineNs: Record<LineVariant, number>;
  /** ns per request to enter the request scope and run a trivial handler in it, against calling it. */
  scopeNs: { plain: number; inScope: number };
  linesPerRound: number;
  rounds: number;
}

const discard = { write: (_line: string) => undefined };
const auth = authObjectFromClaims(
  personaSessionClaims({
    userId: 'user_alice',
    orgId: 'org_acme',
    sessionId: 'sess_bench',
    authorizedParty: 'http://localhost:5173',
  }),
);
const options = { base: { service: 'gatehouse-api' }, timestamp: pino.stdTimeFunctions.isoTime };
const loggers: Record<LineVariant, pino.Logger> = {
  plain: pino(options, discard),
  byHand: pino(options, discard),
  mixin: pino({ ...options, mixin: requestLogFields }, discard),
};
const requestLine = { req: { method: 'GET', path: '/trpc/me' }, res: { statusCode: 200 }, responseTime: 1 };
const byHand = { requestId: 'bench-request-id', userId: auth.userId, orgId: auth.orgId };

/** The API's request line, as its http logger writes it, `count` times inside one request. */
function timeLines(variant: LineVariant, count: number): number {
  const logger = loggers[variant];
  const line = variant === 'byHand' ? { ...requestLine, ...byHand } : requestLine;
  return runInRequest('bench-request-id', () =>
    runWithAuth(auth, () => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < count; i += 1) logger.info(line, 'request completed');
      return Number(process.hrtime.bigint() - start) / count;
    }),
  );
}

function timeScopes(inScope: boolean, count: number): number {
  let handled = 0;
  const handler = () => {
    handled += 1;
  };
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) {
    if (inScope) runInRequest('bench-request-id', () => runWithAuth(auth, handler));
    else handler();
  }
  const perCall = Number(process.hrtime.bigint() - start) / count;
  if (handled !== count) throw new Error('timeScopes: a handler did not run');
  return perCall;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function measureLogFields({ lines = 20_000, rounds = 9 } = {}): LogFieldFigures {
  const variants: LineVariant[] = ['plain', 'byHand', 'mixin'];
  // Warm-up: JIT for every path.
  for (const variant of variants) timeLines(variant, lines);
  timeScopes(true, lines);
  const lineSamples: Record<LineVariant, number[]> = { plain: [], byHand: [], mixin: [] };
  const scopeSamples = { plain: [] as number[], inScope: [] as number[] };
  for (let round = 0; round < rounds; round += 1) {
    for (const variant of [...variants.slice(round % 3), ...variants.slice(0, round % 3)])
      lineSamples[variant].push(timeLines(variant, lines));
    for (const inScope of round % 2 === 0 ? [false, true] : [true, false])
      scopeSamples[inScope ? 'inScope' : 'plain'].push(timeScopes(inScope, lines));
  }
  return {
    lineNs: {
      plain: median(lineSamples.plain),
      byHand: median(lineSamples.byHand),
      mixin: median(lineSamples.mixin),
    },
    scopeNs: { plain: median(scopeSamples.plain), inScope: median(scopeSamples.inScope) },
    linesPerRound: lines,
    rounds,
  };
}

export function formatLogFields(figures: LogFieldFigures): string {
  const { lineNs, scopeNs } = figures;
  const ns = (value: number) => `${Math.round(value)} ns`;
  const added = (value: number) =>
    `${ns(value - lineNs.plain)} (${(((value - lineNs.plain) / lineNs.plain) * 100).toFixed(0)} %)`;
  return [
    `\n## Request fields on log lines (in-process, median of ${figures.rounds} rounds × ${figures.linesPerRound})\n`,
    "| Per request log line (the API's) | ns | Added |",
    '| --- | ---: | ---: |',
    `| without requestId/userId/orgId | ${ns(lineNs.plain)} | |`,
    `| with them, passed by hand | ${ns(lineNs.byHand)} | ${added(lineNs.byHand)} |`,
    `| with them, from the request scope (mixin) | ${ns(lineNs.mixin)} | ${added(lineNs.mixin)} |`,
    `\nEntering the request scope (runInRequest + runWithAuth): ${ns(scopeNs.inScope - scopeNs.plain)} per request.`,
  ].join('\n');
}
