/**
 * Tells "the database cannot be reached right now" apart from a bug in a query, so the API can answer
 * 503 (retry later; nothing was done) instead of 500. Node-free, so routers may import it.
 *
 * Classified by SQLSTATE and by where the error came from, never by message text (messages change
 * between driver versions and server locales):
 * - a server error whose SQLSTATE means the session or server is unavailable;
 * - a socket error code (refused, reset…);
 * - an error the driver guard (./pg-guard, ./pglite-guard) marked: it came from acquiring a pooled
 *   connection, from a connection that was already lost, or from a closed embedded database.
 * Drizzle wraps driver errors (`cause`), so the whole cause chain is inspected.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * Class 08 connection exceptions; 57P01–57P03 admin/crash shutdown and "cannot connect now";
 * 53300 too many connections; 57014 a statement cancelled by the configured `statement_timeout`;
 * 3D000 the database is gone (dropped or renamed under a running replica).
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300|57014|3D000)$/;
/**
 * 55000 (object not in prerequisite state) is also "database is not currently accepting connections"
 * (`ALTER DATABASE … ALLOW_CONNECTIONS false`), but only as a FATAL error ending the session: the same
 * code as an ordinary ERROR is a query's own fault (e.g. `currval` before `nextval`).
 */
const UNAVAILABLE_WHEN_FATAL = new Set(['55000']);

const marked = new WeakSet<object>();

/** Records that `error` means "unavailable" (used by the driver guards); returns it. */
export function markUnavailable<T>(error: T): T {
  if (typeof error === 'object' && error !== null) marked.add(error);
  return error;
}

function unavailableItself(error: Error): boolean {
  if (marked.has(error)) return true;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  if (typeof code !== 'string') return false;
  if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code)) return true;
  return UNAVAILABLE_WHEN_FATAL.has(code) && (severity === 'FATAL' || severity === 'PANIC');
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if (unavailableItself(current)) return true;
    // AggregateError: pg reports a host that resolves to several addresses with one error per address.
    if (current instanceof AggregateError && current.errors.some((inner) => isDatabaseUnavailable(inner)))
      return true;
    current = current.cause;
  }
  return false;
}

/** Seconds a client should wait before retrying a request the database could not serve. */
export const DATABASE_RETRY_AFTER_SECONDS = 2;
