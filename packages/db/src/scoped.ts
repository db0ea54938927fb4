/**
 * Scoped handles: a drizzle `Database` whose every statement runs as the request role with the caller's
 * ids set for that transaction only (see ./row-security). A statement outside `transaction()` gets a
 * short transaction of its own; `transaction()` sets the scope once, right after BEGIN. Nothing is held
 * between statements, so a stream that reads now and then keeps no connection, and a pooled connection
 * goes back to the pool with neither the role nor the ids (they end with the transaction).
 *
 * The drivers' sessions are reused as they are; only where a transaction begins differs
 * (./scoped-postgres, ./scoped-pglite).
 */
import {
  createTableRelationsHelpers,
  type ExtractTablesWithRelations,
  extractTablesRelationalConfig,
  type RelationalSchemaConfig,
} from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { CALLER_SETTINGS, type CallerScope, REQUEST_ROLE } from './row-security';
import { schema } from './schema';

/** What drizzle builds from the schema on `drizzle({ schema })`: built once, shared by every handle. */
export function relationalSchema(): RelationalSchemaConfig<ExtractTablesWithRelations<typeof schema>> {
  const config = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
  return {
    fullSchema: schema,
    schema: config.tables as ExtractTablesWithRelations<typeof schema>,
    tableNamesMap: config.tableNamesMap,
  };
}

export const dialect = new PgDialect();

/** One statement that enters the caller's scope; `$1`/`$2` are the user and org ids ('' for none). */
export const ENTER_SCOPE = `select set_config('role', '${REQUEST_ROLE}', true), set_config('${CALLER_SETTINGS.userId}', $1, true), set_config('${CALLER_SETTINGS.orgId}', $2, true)`;

export const scopeParams = (caller: CallerScope) => [caller.userId ?? '', caller.orgId ?? ''];

/**
 * BEGIN and the scope in one simple-protocol message (one round trip): literals, escaped by the driver,
 * because that protocol takes no parameters.
 */
export function beginInScope(caller: CallerScope, escapeLiteral: (value: string) => string): string {
  const [userId, orgId] = scopeParams(caller).map(escapeLiteral);
  return `begin; ${ENTER_SCOPE.replace('$1', userId!).replace('$2', orgId!)}`;
}
