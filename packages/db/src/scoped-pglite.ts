import type { PGlite, Transaction } from '@electric-sql/pglite';
import { PgliteDatabase, PgliteSession } from 'drizzle-orm/pglite';
import type { CallerScope } from './row-security';
import type { Database } from './schema';
import { dialect, ENTER_SCOPE, relationalSchema, scopeParams } from './scoped';

/**
 * PGlite has one connection, and its `transaction()` holds it exclusively: the scope entered after its
 * BEGIN is the only one any statement sees until the COMMIT. Drizzle's PGlite session asks its client
 * for `query` and `transaction` only; this client runs both inside such a transaction.
 */
function scopedClient(client: PGlite, caller: CallerScope) {
  const params = scopeParams(caller);
  const inScope = <T>(work: (tx: Transaction) => Promise<T>) =>
    client.transaction(async (tx) => {
      await tx.query(ENTER_SCOPE, params);
      return work(tx);
    });
  return {
    query: (...args: Parameters<Transaction['query']>) => inScope((tx) => tx.query(...args)),
    transaction: inScope,
  };
}

/** Scoped handles over `client`: cheap to make, one per request. */
export function scopedPglite(client: PGlite): (caller: CallerScope) => Database {
  const relational = relationalSchema();
  return (caller) => {
    const session = new PgliteSession(scopedClient(client, caller) as unknown as PGlite, dialect, relational);
    return new PgliteDatabase(dialect, session, relational);
  };
}
