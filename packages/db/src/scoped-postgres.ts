import { NodePgDatabase, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import type { PgTransactionConfig } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { CallerScope } from './row-security';
import type { Database } from './schema';
import { beginInScope, dialect, relationalSchema } from './scoped';

type Relational = ReturnType<typeof relationalSchema>;
type FullSchema = Relational['fullSchema'];
type Tables = NonNullable<Relational['schema']>;

/** A lone read: nothing to make durable, so its COMMIT need not be awaited (see `inScope`). */
const READ = /^\s*(select|with)\s/i;
const isRead = (config: pg.QueryConfig) =>
  READ.test(config.text) && !/\bfor\s+(update|share)\b/i.test(config.text);

/**
 * Runs `work` on one pooled connection inside a transaction that entered the caller's scope in the
 * same round trip as BEGIN. A connection whose rollback fails is destroyed, never pooled again.
 * After a read, COMMIT is queued and the connection released at once: a connection runs its queries
 * in order, so the next borrower's BEGIN follows the COMMIT, and the scope ends with it either way.
 */
async function inScope<T>(
  pool: pg.Pool,
  caller: CallerScope,
  work: (connection: pg.PoolClient) => Promise<T>,
  { awaitCommit = true } = {},
): Promise<T> {
  const connection = await pool.connect();
  let broken: Error | undefined;
  try {
    await connection.query(beginInScope(caller, pg.escapeLiteral));
    const result = await work(connection);
    const committed = connection.query('commit');
    if (awaitCommit) await committed;
    else committed.catch(() => {}); // a read has nothing to lose; a dead connection leaves the pool
    return result;
  } catch (error) {
    await connection.query('rollback').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    connection.release(broken);
  }
}

/** node-postgres' session, with every statement and transaction run through `inScope`. */
class ScopedPgSession extends NodePgSession<FullSchema, Tables> {
  constructor(
    private readonly pool: pg.Pool,
    private readonly caller: CallerScope,
    private readonly relational: Relational,
  ) {
    const statement = (config: pg.QueryConfig, values?: unknown[]) =>
      inScope(pool, caller, (connection) => connection.query(config, values), {
        awaitCommit: !isRead(config),
      });
    super({ query: statement } as unknown as pg.Pool, dialect, relational);
  }

  override transaction<T>(
    fn: (tx: NodePgTransaction<FullSchema, Tables>) => Promise<T>,
    config?: PgTransactionConfig,
  ): Promise<T> {
    return inScope(this.pool, this.caller, async (connection) => {
      const session = new NodePgSession<FullSchema, Tables>(connection, dialect, this.relational);
      const tx = new NodePgTransaction<FullSchema, Tables>(dialect, session, this.relational);
      if (config) await tx.setTransaction(config);
      return fn(tx);
    });
  }
}

/** Scoped handles over `pool`: cheap to make, one per request. */
export function scopedPostgres(pool: pg.Pool): (caller: CallerScope) => Database {
  const relational = relationalSchema();
  return (caller) => new NodePgDatabase(dialect, new ScopedPgSession(pool, caller, relational), relational);
}
