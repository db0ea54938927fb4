import { sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isDatabaseUnavailable, openDatabase, webhookEvents } from '../src';
import { type DatabaseOutage, databaseOutage, describeOnPostgres, type TestDatabase } from '../src/testing';

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

/** The SQLSTATE somewhere in an error's cause chain. */
function sqlstateOf(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

describeOnPostgres('a Postgres outage, at the driver', (driver) => {
  let database: TestDatabase;
  let outage: DatabaseOutage;
  let pool: Pool;
  beforeAll(async () => {
    database = await driver.open();
    outage = databaseOutage((database.handle.target as { url: string }).url);
    pool = (database.db as unknown as { $client: Pool }).$client;
  });
  afterAll(async () => {
    await outage?.end();
    await database?.close();
  });

  it('survives the session of a checked-out client being terminated, and rolls its transaction back', async () => {
    const client = await pool.connect();
    let error: unknown = null;
    try {
      await client.query('begin');
      await client.query(`insert into webhook_events (svix_id, type) values ('msg_half', 'user.created')`);
      // Not events.once(): it would listen for `error` itself.
      const ended = new Promise((resolve) => client.once('end', resolve));
      expect(await outage.terminateSessions()).toBeGreaterThan(0);
      // Between two statements, the client is checked out and idle: pg emits `error` on it, which
      // would end the process without the guard's listener.
      await ended;
      error = await failureOf(client.query('commit'));
    } finally {
      client.release(true);
    }
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(await database.db.select().from(webhookEvents)).toEqual([]);
  });

  it('classifies a database refusing connections (FATAL 55000) and terminated sessions (57P01)', async () => {
    await database.db.execute(sql`select 1`); // a pooled, idle session to be terminated
    await outage.begin();
    try {
      // The pool drops its terminated idle session when the notice of it arrives, which can be after
      // `begin` returns; until then the next statement would get that session and 57P01, not a refusal.
      await expect.poll(() => pool.idleCount).toBe(0);
      const refused = await failureOf(database.db.execute(sql`select 1`));
      expect(isDatabaseUnavailable(refused)).toBe(true);
      expect(sqlstateOf(refused)).toBe('55000');
    } finally {
      await outage.end();
    }
    await expect(database.db.execute(sql`select 1`)).resolves.toBeDefined();
  });

  it('classifies a statement cut by the configured statement_timeout (57014)', async () => {
    const target = {
      ...(database.handle.target as { driver: 'postgres'; url: string }),
      statementTimeoutMs: 50,
    };
    const handle = await openDatabase(target);
    try {
      const error = await failureOf(handle.privileged.execute(sql`select pg_sleep(5)`));
      expect(sqlstateOf(error)).toBe('57014');
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('classifies a lone scoped statement whose session is terminated while it runs', async () => {
    const caller = { userId: 'user_alice', orgId: null };
    const running = failureOf(database.handle.scoped(caller).execute(sql`select pg_sleep(30)`));
    const sleeping = sql`select count(*)::int as n from pg_stat_activity
      where state = 'active' and query like '%pg_sleep(30)%' and pid <> pg_backend_pid()`;
    const sleepers = async () => {
      const result = (await database.db.execute(sleeping)) as unknown as { rows: Array<{ n: number }> };
      return result.rows[0]?.n;
    };
    await expect.poll(sleepers).toBe(1);
    expect(await outage.terminateSessions()).toBeGreaterThan(0);
    expect(isDatabaseUnavailable(await running)).toBe(true);
    // The pool recovers. An idle connection it held was terminated too, and the notice of that may
    // arrive after the next checkout: that statement fails as unavailable (a 503, retried), never as
    // anything else, and the next ones run on fresh connections.
    const recovered = () =>
      database.handle
        .scoped(caller)
        .execute(sql`select 1`)
        .then(
          () => true,
          (error: unknown) => {
            if (!isDatabaseUnavailable(error)) throw error;
            return false;
          },
        );
    await expect.poll(recovered).toBe(true);
  });

  it('still calls a query bug a bug', async () => {
    const error = await failureOf(database.db.execute(sql`select * from no_such_table`));
    expect(sqlstateOf(error)).toBe('42P01');
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
