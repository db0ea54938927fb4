/**
 * A lone scoped statement in ONE round trip on Postgres: the scope-entering select and the statement
 * go out as two Parse/Bind/Execute groups followed by a single Sync. Without an explicit BEGIN, the
 * extended protocol runs everything before a Sync in one implicit transaction, so the transaction-local
 * role and ids hold for the statement and end at the Sync (commit, or rollback on any error) — the same
 * guarantees as BEGIN+scope … COMMIT, without the two extra messages.
 *
 * node-postgres sends one query at a time and has no pipelining API; this subclass of its `Query` only
 * writes the scope's Bind/Execute (and, the first time on a connection, its Parse) ahead of its own and swallows the scope's single row and
 * CommandComplete, so the result is the statement's alone. Awaitable, so callers (and the statement
 * tracing) await it like `client.query(config)`.
 */
import pg from 'pg';
import { ENTER_SCOPE } from './scoped';

type Connection = {
  parsedStatements: Record<string, string>;
  parse(message: { text: string; name: string; types: unknown[] }): void;
  bind(message: { portal: string; statement: string; values: unknown[]; valueMapper: unknown }): void;
  execute(message: { portal: string; rows: number }): void;
};
type QueryInternals = {
  prepare(connection: Connection): void;
  handleDataRow(message: unknown): void;
  handleCommandComplete(message: unknown, connection: Connection): void;
};
const base = pg.Query.prototype as unknown as QueryInternals;

/** Prepared once per connection: later statements skip parsing and planning the scope. */
const SCOPE_STATEMENT = 'gatehouse_enter_scope';

export class ScopedQuery extends pg.Query implements PromiseLike<pg.QueryResult> {
  private readonly result: Promise<pg.QueryResult>;
  private scopeEntered = false;
  /**
   * True when this query prepared the scope statement on its connection. Should it fail, whether the
   * statement now exists is unknown, so the caller must not pool the connection again.
   */
  preparedScope = false;

  constructor(
    private readonly scope: string[],
    config: pg.QueryConfig,
    values?: unknown[],
  ) {
    let settle: (error: Error | null, result: pg.QueryResult) => void = () => {};
    // `queryMode: 'extended'`: a statement without parameters would otherwise use the simple protocol.
    const extended = { ...config, values: values ?? config.values, queryMode: 'extended' };
    super(extended as pg.QueryConfig, undefined, (error: Error | undefined, result: pg.QueryResult) => {
      if (!error && this.preparedScope) this.connection!.parsedStatements[SCOPE_STATEMENT] = ENTER_SCOPE;
      settle(error ?? null, result);
    });
    this.result = new Promise((resolve, reject) => {
      settle = (error, result) => (error ? reject(error) : resolve(result));
    });
  }

  private connection: Connection | undefined;

  prepare(connection: Connection): void {
    this.connection = connection;
    if (connection.parsedStatements[SCOPE_STATEMENT] === undefined) {
      connection.parse({ text: ENTER_SCOPE, name: SCOPE_STATEMENT, types: [] });
      this.preparedScope = true;
    }
    connection.bind({
      portal: '',
      statement: SCOPE_STATEMENT,
      values: this.scope,
      valueMapper: (value: unknown) => value,
    });
    connection.execute({ portal: '', rows: 0 });
    base.prepare.call(this, connection);
  }

  handleDataRow(message: unknown): void {
    if (this.scopeEntered) base.handleDataRow.call(this, message);
  }

  handleCommandComplete(message: unknown, connection: Connection): void {
    if (this.scopeEntered) base.handleCommandComplete.call(this, message, connection);
    else this.scopeEntered = true;
  }

  // biome-ignore lint/suspicious/noThenProperty: awaited as `client.query` returns a submittable itself
  then<A = pg.QueryResult, B = never>(
    onFulfilled?: ((result: pg.QueryResult) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.result.then(onFulfilled, onRejected);
  }

  /** Wrappers of `client.query` (./pg-guard) tag a failure through `catch`, as on a promise. */
  catch<B = never>(
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<pg.QueryResult | B> {
    return this.result.catch(onRejected);
  }
}
