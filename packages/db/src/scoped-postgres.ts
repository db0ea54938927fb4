import { NodePgDatabase, NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import type { PgTransactionConfig } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { CallerScope } from './row-security';
import type { Database } from './schema';
import { beginInScope, dialect, relationalSchema, scopeParams } from './scoped';
import { ScopedQuery } from './scoped-query';

type Relational = ReturnType<typeof relationalSchema>;
type FullSchema = Relational['fullSchema'];
type Tables = NonNullable<Relational['schema']>;

/**
 * A lone statement: one round trip, in the implicit transaction of its own Sync (./scoped-query).
 * An error the server answered leaves the connection idle and clean, unless this query was preparing
 * the scope statement (whether it exists is then unknown); any other error may have broken it. In
 * those cases the connection is destroyed rather than pooled again.
 */
async function statementInScope(
  pool: pg.Pool,
  caller: CallerScope,
  config: pg.QueryConfig,
  values?: unknown[],
) {
  const connection = await pool.connect();
  const query = new ScopedQuery(scopeParams(caller), config, values);
  let broken: Error | undefined;
  try {
    return await connection.query(query);
  } catch (error) {
    if (!(error instanceof pg.DatabaseError) || query.preparedScope) broken = error as Error;
    throw error;
  } finally {
    connection.release(broken);
  }
}

/**
 * Runs `work` on one pooled connection inside a transaction that entered the caller's scope in the
 * same round trip as BEGIN. A connection whose rollback fails is destroyed, never pooled again.
 */
async function inScope<T>(
  pool: pg.Pool,
  caller: CallerScope,
  work: (connection: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const connection = await pool.connect();
  let broken: Error | undefined;
  try {
    await connection.query(beginInScope(caller, pg.escapeLiteral));
    const result = await work(connection);
    await connection.query('commit');
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
      statementInScope(pool, caller, config, values);
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
