/**
 * Tells "the database cannot be reached right now" apart from a bug in a query, so the API can answer
 * 503 (retry later; nothing was done) instead of 500. Node-free, so routers may import it.
 *
 * Drizzle wraps driver errors (`cause`), so the whole cause chain is inspected.
 */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
]);
/** SQLSTATE: class 08 connection exceptions, 57P01–57P03 shutdown / cannot connect now, 53300 too many connections. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const DRIVER_MESSAGES = [
  'Connection terminated', // pg: the server went away mid-query
  'timeout exceeded when trying to connect', // pg pool: no connection within connectionTimeoutMillis
  'Cannot use a pool after calling end', // pg pool closed (shutting down)
  'PGlite is closed', // embedded database closed
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    if (DRIVER_MESSAGES.some((text) => current instanceof Error && current.message.includes(text)))
      return true;
    current = current.cause;
  }
  return false;
}
