/**
 * One span per SQL statement, a child of the span under way (a tRPC procedure, a webhook): what ran
 * (`db.operation.name`, and the statement text as drizzle sent it, with `$1` placeholders — the
 * parameter values are never recorded) and how long it took, including waiting for a pooled connection.
 * pg and PGlite have no hooks, so the clients are wrapped where this package opens them. Statements
 * outside a recording span (migrations, tracing off) cost one check.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

// Looked up per span, not held: a tracer taken before the SDK is (re)started would stay a no-op.
const tracer = () => trace.getTracer('@gatehouse/db');
const MAX_STATEMENT_CHARS = 2_000;

type Query = (...args: unknown[]) => unknown;
interface Queryable {
  query: Query;
}

function statementText(config: unknown): string {
  if (typeof config === 'string') return config;
  const text = (config as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : '';
}

function traced(query: Query, target: unknown): Query {
  return (...args) => {
    // Callback-style calls are pg-pool's own (inside a traced `pool.query`) and already counted.
    if (typeof args.at(-1) === 'function' || trace.getActiveSpan()?.isRecording() !== true)
      return query.apply(target, args);
    const text = statementText(args[0]);
    const operation = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'QUERY';
    const span = tracer().startSpan(operation, {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'postgresql',
        'db.operation.name': operation,
        'db.query.text': text.slice(0, MAX_STATEMENT_CHARS),
      },
    });
    return context.with(trace.setSpan(context.active(), span), async () => {
      try {
        return await query.apply(target, args);
      } catch (error) {
        // The SQLSTATE only: a message may quote the row's values.
        const code = (error as { code?: unknown }).code;
        span.setAttribute('error.type', typeof code === 'string' ? code : 'unavailable');
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  };
}

/** pg: `pool.query` (called in the caller's context), and each connection's own `query` (transactions). */
export function traceStatements<T extends object>(pg: T): T {
  const pool = pg as unknown as Queryable & { on(event: 'connect', fn: (client: Queryable) => void): void };
  pool.query = traced(pool.query, pool);
  pool.on('connect', (client) => {
    client.query = traced(client.query, client);
  });
  return pg;
}

/** PGlite: its `query`, and the `query` of each transaction it hands out. */
export function tracePgliteStatements<T extends object>(pglite: T): T {
  const client = pglite as unknown as Queryable & {
    transaction(fn: (tx: Queryable) => Promise<unknown>): Promise<unknown>;
  };
  client.query = traced(client.query, client);
  const transaction = client.transaction.bind(client);
  client.transaction = (fn) =>
    transaction((tx) => {
      tx.query = traced(tx.query, tx);
      return fn(tx);
    });
  return pglite;
}
