/**
 * Call any procedure as anyone, through the real middleware stack (ladder, requirements, zod, the
 * resolver, the error formatter's inputs) on a fresh, migrated embedded database (PGlite in memory) —
 * no HTTP, no auth mocks.
 * What HTTP adds on top (token extraction and verification, headers, status codes) is tested in
 * apps/api; this is for testing what procedures do for each caller.
 *
 *   const harness = await createTestHarness();        // PGlite in memory, migrated, personas seeded
 *   const alice = harness.caller({ persona: 'alice' }); // admin of org_acme
 *   await alice.tasks.create({ title: 'Ship it' });
 *   await harness.close();
 */
import { PERSONAS } from '@gatehouse/auth';
import { runWithAuth } from '@gatehouse/auth/server';
import { seedPeople } from '@gatehouse/db';
import type { Database } from '@gatehouse/db/schema';
import type { AnyTRPCRouter } from '@trpc/server';
import { createLocalEventBus, type TaskEventBus } from '../events/bus';
import { type AppRouter, appRouter } from '../root';
import { createInnerContext, type InnerContext } from '../trpc';
import { authFor, type TestIdentity } from './identity';
import { openTestDatabase } from './template-database';

/** A server-side caller of `TRouter` (the app router by default): `caller.tasks.list()`. */
export type AppCaller<TRouter extends AnyTRPCRouter = AppRouter> = ReturnType<TRouter['createCaller']>;

export interface TestHarness {
  /** The harness's own database, for arranging rows and asserting on them. */
  readonly db: Database;
  /** Its own event bus (like one API process): `tasks.onChange` of its callers hears their mutations. */
  readonly events: TaskEventBus;
  /** A typed caller of the whole app router, acting as `identity`. */
  caller(identity: TestIdentity): AppCaller;
  /** The same for another router (e.g. a fixture built from the ladder in a test). */
  callerFor<TRouter extends AnyTRPCRouter>(router: TRouter, identity: TestIdentity): AppCaller<TRouter>;
  /** The tRPC context a request by `identity` gets (for callers of other routers). */
  context(identity: TestIdentity): InnerContext;
  /** Runs `fn` as inside an HTTP request by the context's caller, so `getAuth()` works in it. */
  runInRequest<T>(context: InnerContext, fn: () => T): T;
  close(): Promise<void>;
}

export interface TestHarnessOptions {
  /** Seed the personas as users, organizations and memberships, as local mode does (default true). */
  seedPersonas?: boolean;
}

let requestCounter = 0;

export async function createTestHarness({
  seedPersonas = true,
}: TestHarnessOptions = {}): Promise<TestHarness> {
  const handle = await openTestDatabase();
  try {
    if (seedPersonas) await seedPeople(handle.db, PERSONAS);
  } catch (error) {
    await handle.close();
    throw error;
  }
  const { db } = handle;
  const events = createLocalEventBus();

  const context = (identity: TestIdentity) =>
    createInnerContext({ auth: authFor(identity), requestId: `test-${++requestCounter}`, db, events });
  const runInRequest = <T>(ctx: InnerContext, fn: () => T): T => runWithAuth(ctx.auth, fn);

  const callerFor = <TRouter extends AnyTRPCRouter>(router: TRouter, identity: TestIdentity) => {
    const ctx = context(identity);
    // `createCaller` of a generic router is typed loosely by tRPC; the return type is the precise one.
    const caller = router.createCaller(ctx) as AppCaller<TRouter>;
    return inRequestScope(caller, (call) => runInRequest(ctx, call));
  };

  return {
    db,
    events,
    context,
    runInRequest,
    callerFor,
    caller: (identity) => callerFor(appRouter, identity),
    async close() {
      await events.close();
      await handle.close();
    },
  };
}

/**
 * One caller on its own fresh database: the quickest way to call a procedure once. Its database lives
 * until the process ends; for several callers sharing data, or many tests, use `createTestHarness`.
 */
export async function createTestCaller(identity: TestIdentity): Promise<AppCaller> {
  return (await createTestHarness()).caller(identity);
}

/**
 * Wraps every procedure call of a tRPC caller proxy in `scope`. tRPC's caller has no hook for this,
 * hence a small proxy mirroring its shape: property reads extend the path, a call runs the procedure.
 */
function inRequestScope<T extends object>(caller: T, scope: <R>(call: () => R) => R): T {
  const at = (path: readonly string[]): unknown =>
    new Proxy(() => {}, {
      get: (_target, key) => (typeof key === 'string' && key !== 'then' ? at([...path, key]) : undefined),
      apply: (_target, _this, args: unknown[]) =>
        scope(() => {
          let procedure: unknown = caller;
          for (const key of path) procedure = (procedure as Record<string, unknown>)[key];
          return (procedure as (...input: unknown[]) => unknown)(...args);
        }),
    });
  return at([]) as T;
}
