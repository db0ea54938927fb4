/**
 * Makes a `pg` pool safe under database outages.
 *
 * 1. No crash: pg-pool listens for `error` only on IDLE clients. A checked-out client (inside a
 *    transaction, between two statements) whose socket resets emits `error` with no listener, and
 *    Node ends the process on an unhandled `error` event. Every client gets a permanent listener.
 * 2. Classification (./availability): errors that carry no SQLSTATE are marked by origin — any
 *    failure to acquire a connection (refused, pool timeout, FATAL at start-up), and any error
 *    delivered by a client whose connection was already lost ("terminated unexpectedly", "not
 *    queryable"). A lost connection never half-applies a transaction: the server rolls back whatever
 *    the session had not committed.
 */
import type { Pool, PoolClient } from 'pg';
import { markUnavailable } from './availability';

type Callback = (error: Error | undefined, ...rest: unknown[]) => void;

/** Wraps a node-style callback or a promise so that errors pass through `tag` first. */
function tagErrors<R>(args: unknown[], call: (...args: unknown[]) => R, tag: (error: Error) => Error): R {
  const last = args.at(-1);
  if (typeof last === 'function') {
    const callback = last as Callback;
    const wrapped: Callback = (error, ...rest) => callback(error ? tag(error) : error, ...rest);
    return call(...args.slice(0, -1), wrapped);
  }
  const result = call(...args);
  const thenable = result as { then?: unknown; catch?: (handler: (error: Error) => never) => R };
  if (typeof thenable?.then !== 'function' || !thenable.catch) return result;
  return thenable.catch((error: Error) => {
    throw tag(error);
  });
}

function guardClient(client: PoolClient, onClientError: (error: Error) => void): void {
  let lost = false;
  const lose = () => {
    lost = true;
  };
  // Prepended: the error is marked before pg-pool's own listeners (and queries) see it.
  client.prependListener('error', (error: Error) => {
    lose();
    markUnavailable(error);
  });
  client.on('error', onClientError);
  client.on('end', lose);
  // The socket's end comes before the client's (which pg defers a tick): queries failed by it see `lost`.
  (client as unknown as { connection?: NodeJS.EventEmitter }).connection?.prependListener('end', lose);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) =>
    tagErrors(args, query, (error) => (lost ? markUnavailable(error) : error))) as PoolClient['query'];
}

/** Installs the guards on `pool`: call once, right after creating it. */
export function guardPool(pool: Pool, onClientError: (error: Error) => void): void {
  // The pool re-emits an idle client's error, already reported by the client's own listener.
  pool.on('error', () => {});
  pool.on('connect', (client) => guardClient(client, onClientError));
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  // pool.query() acquires through `this.connect`, so this covers it as well as transactions.
  pool.connect = ((...args: unknown[]) => tagErrors(args, connect, markUnavailable)) as Pool['connect'];
}
