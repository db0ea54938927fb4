/**
 * Call any procedure as anyone, through the real middleware stack (ladder, requirements, zod, the
 * resolver, the error formatter's inputs) on a fresh, migrated database of its own — PGlite in memory,
 * or Postgres (`driver: 'postgres'`, needs TEST_DATABASE_URL) — with no HTTP and no auth mocks.
 * What HTTP adds on top (token extraction and verification, headers, status codes) is tested in
 * apps/api; this is for testing what procedures do for each caller.
 *
 *   const harness = await createTestHarness();          // PGlite, migrated, personas seeded
 *   const alice = harness.caller({ persona: 'alice' }); // admin of org_acme
 *   await alice.tasks.create({ title: 'Ship it' });
 *   await harness.close();
 *
 * In a test file, `useTestHarness()` does the same with vitest hooks, and `describeEachDriver` (from
 * `@gatehouse/db/testing`) runs the file's cases on every driver available.
 */
import { type AuthObject, PERSONAS } from '@gatehouse/auth';
import { runWithAuth } from '@gatehouse/auth/server';
import { seedPeople } from '@gatehouse/db';
import type { Database } from '@gatehouse/db/schema';
import { openTestDatabase, type TestDriver, type TestDriverName } from '@gatehouse/db/testing';
import type { AnyTRPCRouter } from '@trpc/server';
import { createInnerContext, type InnerContext } from '../context';
import { createLocalEventBus, type LocalEventBus, type TaskEventBus } from '../events/bus';
import { type AppRouter, appRouter } from '../root';
import { callAt, callerProxy } from './caller-proxy';
import { authFor, type TestIdentity } from './identity';

/** A server-side caller of `TRouter` (the app router by default): `caller.tasks.list()`. */
export type AppCaller<TRouter extends AnyTRPCRouter = AppRouter> = ReturnType<TRouter['createCaller']>;

/** Who calls: a test identity, or an auth object a verifier already built (e.g. from a real token). */
export type Caller = TestIdentity | AuthObject;

export interface CallOptions {
  /** Another bus than the harness's, e.g. one that drops every notice (a replica this process never hears). */
  events?: TaskEventBus;
  /** Aborted when the client goes away: ends a subscription. */
  signal?: AbortSignal;
  /** The request's `Idempotency-Key` header (a bare key is the key of the call). */
  idempotencyKey?: string;
}

export interface TestHarness {
  readonly driver: TestDriverName;
  /**
   * The harness's own database, privileged (no row-level security), for arranging rows and asserting
   * on them. Procedures never get it: their `ctx.db` is scoped to the caller, as in the API.
   */
  readonly db: Database;
  /** Its own event bus (like one API process): `tasks.onChange` of its callers hears their mutations. */
  readonly events: LocalEventBus;
  /** A typed caller of the whole app router, acting as `who`; each call is a request of its own. */
  caller(who: Caller, options?: CallOptions): AppCaller;
  /** The same for another router (e.g. a fixture built from the ladder in a test). */
  callerFor<TRouter extends AnyTRPCRouter>(
    router: TRouter,
    who: Caller,
    options?: CallOptions,
  ): AppCaller<TRouter>;
  /** The tRPC context a request by `who` gets (for callers of other routers, or an HTTP adapter). */
  context(who: Caller, options?: Pick<CallOptions, 'events' | 'idempotencyKey'>): InnerContext;
  /** Runs `fn` as inside an HTTP request by the context's caller, so `getAuth()` works in it. */
  runInRequest<T>(context: InnerContext, fn: () => T): T;
  /** Empties every table (and seeds the personas again, if it did): between tests. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface TestHarnessOptions {
  /** The database driver: PGlite in memory (default), or Postgres (needs TEST_DATABASE_URL). */
  driver?: TestDriverName | TestDriver;
  /** Seed the personas as users, organizations and memberships, as local mode does (default true). */
  seedPersonas?: boolean;
}

let requestCounter = 0;

const isAuthObject = (who: Caller): who is AuthObject => 'isAuthenticated' in who;

export async function createTestHarness({
  driver = 'pglite',
  seedPersonas = true,
}: TestHarnessOptions = {}): Promise<TestHarness> {
  const database = await openTestDatabase(typeof driver === 'string' ? driver : driver.name);
  const seed = async () => {
    if (seedPersonas) await seedPeople(database.db, PERSONAS);
  };
  try {
    await seed();
  } catch (error) {
    await database.close();
    throw error;
  }
  const { db } = database;
  const events = createLocalEventBus();

  const context = (who: Caller, options: Pick<CallOptions, 'events' | 'idempotencyKey'> = {}) =>
    createInnerContext({
      auth: isAuthObject(who) ? who : authFor(who),
      requestId: `test-${++requestCounter}`,
      database: database.handle,
      events: options.events ?? events,
      idempotencyKeys: options.idempotencyKey,
    });
  const runInRequest = <T>(ctx: InnerContext, fn: () => T): T => runWithAuth(ctx.auth, fn);

  // Each call is a request of its own, as over HTTP: its own context, request id and auth scope.
  const callerFor = <TRouter extends AnyTRPCRouter>(
    router: TRouter,
    who: Caller,
    options: CallOptions = {},
  ) =>
    callerProxy<AppCaller<TRouter>>((path, args) => {
      const ctx = context(who, options);
      const caller = router.createCaller(ctx, { signal: options.signal });
      return runInRequest(ctx, () => callAt(caller, path, args));
    });

  return {
    driver: database.driver,
    db,
    events,
    context,
    runInRequest,
    callerFor,
    caller: (who, options) => callerFor(appRouter, who, options),
    async reset() {
      await database.truncate();
      await seed();
    },
    async close() {
      await events.close();
      await database.close();
    },
  };
}
