/**
 * Row-level security: the database's own copy of "who sees what" (see docs/security.md).
 *
 * Requests run as REQUEST_ROLE (no login, not the owner, no superuser, no BYPASSRLS) with the verified
 * caller's ids in two transaction-local settings; the policies below compare every tenant row with them.
 * A missing setting (or an empty one, which is what Postgres leaves behind after a transaction-local one)
 * is NULL, and NULL matches no row: a statement with no caller sees nothing.
 *
 * The `*_privileged` policies are for the role that ran the migrations (`current_user` then), which is
 * the role the privileged handle connects as: FORCE makes even the owner obey RLS, and this policy is
 * how webhook sync and seeding still reach every row. A superuser bypasses RLS anyway.
 *
 * drizzle-kit reads these (drizzle.config.ts) into the migration snapshot; the role itself, FORCE and
 * the grants are hand-written in the migration (drizzle-kit emits neither), see drizzle/0002_*.sql.
 * Node-free: the contract imports the types.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type PgTable, pgPolicy, pgRole } from 'drizzle-orm/pg-core';
import {
  type Database,
  memberships,
  notes,
  organizations,
  taskEventCounters,
  taskEvents,
  tasks,
  users,
} from './schema';

export const REQUEST_ROLE = 'gatehouse_app';

/** The transaction-local settings that carry the caller into the policies. */
export const CALLER_SETTINGS = { userId: 'gatehouse.user_id', orgId: 'gatehouse.org_id' } as const;

/** Whose rows a scoped statement may touch: the verified caller's user and active organization. */
export interface CallerScope {
  userId: string | null;
  orgId: string | null;
}

/** No caller: a scoped handle for it sees no tenant row at all. */
export const NO_CALLER: CallerScope = Object.freeze({ userId: null, orgId: null });

/** What hands out scoped handles (`DatabaseHandle` does): all a request context may hold. */
export interface ScopedDatabases {
  scoped(caller: CallerScope): Database;
}

/** The tables holding a user's or an organization's rows: RLS is enabled and forced on each. */
export const TENANT_TABLES = [
  'notes',
  'tasks',
  'task_events',
  'task_event_counters',
  'users',
  'memberships',
  'organizations',
] as const;

const requestRole = pgRole(REQUEST_ROLE).existing();

const callerUser = sql.raw(`nullif(current_setting('${CALLER_SETTINGS.userId}', true), '')`);
const callerOrg = sql.raw(`nullif(current_setting('${CALLER_SETTINGS.orgId}', true), '')`);

/** The caller's own rows, for reading and writing alike. */
function callerPolicy(table: PgTable, name: string, owns: SQL) {
  return pgPolicy(`${name}_caller`, { for: 'all', to: requestRole, using: owns, withCheck: owns }).link(
    table,
  );
}

/** The caller may read; only the privileged handle writes (requests hold no write grant either). */
function readPolicy(table: PgTable, name: string, visible: SQL) {
  return pgPolicy(`${name}_caller_reads`, { for: 'select', to: requestRole, using: visible }).link(table);
}

function privilegedPolicy(table: PgTable, name: string) {
  return pgPolicy(`${name}_privileged`, {
    for: 'all',
    to: 'current_user',
    using: sql`true`,
    withCheck: sql`true`,
  }).link(table);
}

/**
 * A member of the caller's active organization (for the names shown next to its tasks). A function of
 * the migration (drizzle/0002_*.sql), run as its owner: the lookup it makes is fixed and returns a
 * boolean, and it spares every read of `users` the planning of the memberships policy nested inside.
 */
const memberOfCallerOrg = sql`gatehouse_in_caller_org(id)`;

export const notesOfCaller = callerPolicy(notes, 'notes', sql`owner_id = ${callerUser}`);
export const notesPrivileged = privilegedPolicy(notes, 'notes');
export const tasksOfCallerOrg = callerPolicy(tasks, 'tasks', sql`org_id = ${callerOrg}`);
export const tasksPrivileged = privilegedPolicy(tasks, 'tasks');
export const taskEventsOfCallerOrg = callerPolicy(taskEvents, 'task_events', sql`org_id = ${callerOrg}`);
export const taskEventsPrivileged = privilegedPolicy(taskEvents, 'task_events');
export const taskEventCountersOfCallerOrg = callerPolicy(
  taskEventCounters,
  'task_event_counters',
  sql`org_id = ${callerOrg}`,
);
export const taskEventCountersPrivileged = privilegedPolicy(taskEventCounters, 'task_event_counters');
export const usersVisibleToCaller = readPolicy(
  users,
  'users',
  sql`id = ${callerUser} or ${memberOfCallerOrg}`,
);
export const usersPrivileged = privilegedPolicy(users, 'users');
export const membershipsVisibleToCaller = readPolicy(
  memberships,
  'memberships',
  sql`user_id = ${callerUser} or org_id = ${callerOrg}`,
);
export const membershipsPrivileged = privilegedPolicy(memberships, 'memberships');
export const organizationsVisibleToCaller = readPolicy(
  organizations,
  'organizations',
  sql`id = ${callerOrg} or exists (select 1 from memberships m where m.org_id = organizations.id and m.user_id = ${callerUser})`,
);
export const organizationsPrivileged = privilegedPolicy(organizations, 'organizations');

/**
 * True when the database refused a statement for the caller's scope: SQLSTATE 42501 — a row that
 * fails a policy's check (`new row violates row-level security policy`), or a table the request role
 * holds no grant on. Drizzle wraps driver errors, so the cause chain is inspected.
 */
export function isRowSecurityRefusal(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if ((current as { code?: unknown }).code === '42501') return true;
    current = current.cause;
  }
  return false;
}
