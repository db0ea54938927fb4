import type { AuthObject } from '@gatehouse/auth';
import { callerIds } from '@gatehouse/auth';
import type { CallerScope, ScopedDatabases } from '@gatehouse/db/row-security';
import type { Database } from '@gatehouse/db/schema';
import { processEventBus, type TaskEventBus } from './events/bus';
import type { ProcedureObserver } from './procedure-telemetry';

/**
 * Everything a procedure may use (`ctx`). The API's HTTP adapter builds it from a request; tests build
 * it directly, with `createInnerContext` or the harness in ./testing.
 */
export interface InnerContext {
  auth: AuthObject;
  requestId: string;
  /**
   * The caller's scoped database: every statement runs as the request role with the verified caller's
   * user and org ids, so row-level security returns only their rows. Routers still filter by
   * `ctx.auth` (the first line); this is the second. There is no unscoped handle in a context.
   */
  db: Database;
  /** Live updates: mutations publish committed changes here, `tasks.onChange` streams listen. */
  events: TaskEventBus;
  /** The request's `Idempotency-Key` header, if any: keys by batch index (./idempotency). */
  idempotencyKeys?: string | undefined;
  /** The API's metrics: told about every finished procedure call (see ./procedure-telemetry). */
  observeCall?: ProcedureObserver;
}

/** Whose rows `ctx.db` may touch: the verified user and active org (an org's API key: the org only). */
function callerScope(auth: AuthObject): CallerScope {
  const { userId, orgId } = callerIds(auth);
  return { userId, orgId };
}

/** Stands in when a caller (a test that never reaches data) passes no `database`: any use fails clearly. */
const noDatabase = new Proxy({} as Database, {
  get() {
    throw new Error('No database in this context: pass `database` to createInnerContext');
  },
});

export function createInnerContext({
  database,
  events,
  ...opts
}: Omit<InnerContext, 'db' | 'events'> & {
  /** Where scoped handles come from (the API's `DatabaseHandle`); `db` is scoped to `auth`. */
  database?: ScopedDatabases;
  events?: TaskEventBus;
}): InnerContext {
  let db: Database | undefined;
  return {
    ...opts,
    // Made on first use: most calls (`me`, `org.current`, a refused call) never touch the database.
    get db() {
      db ??= database ? database.scoped(callerScope(opts.auth)) : noDatabase;
      return db;
    },
    // The default bus is the process's own, so a caller that passes none still gets working streams.
    events: events ?? processEventBus,
  };
}
