import { type DatabaseHandle, type DatabaseTarget, migrateDatabase, openDatabase } from '@gatehouse/db';
import { LIMITS } from '@gatehouse/db/limits';
import { tasks } from '@gatehouse/db/schema';
import { desc, eq, sql } from 'drizzle-orm';
import pg from 'pg';

/**
 * `tasks.list` as the table grows: before the API starts, the bench opens its database itself,
 * migrates it, gives one org `count` tasks (one INSERT … SELECT generate_series), and asks the planner
 * for the plan of the list's page query. The latency is then measured over HTTP (run.ts), for an org
 * with a few tasks and for this one, in the same table.
 */
type Rows<T> = { rows: T[] };

/** The page query of `tasks.list` (pagination.ts's `newestFirstPage`: org filter, newest first, a page + 1). */
function pageQuery(handle: DatabaseHandle, orgId: string) {
  return handle.privileged
    .select({ id: tasks.id, title: tasks.title, createdAt: tasks.createdAt })
    .from(tasks)
    .where(eq(tasks.orgId, orgId))
    .orderBy(desc(tasks.createdAt), desc(tasks.id))
    .limit(LIMITS.pageDefault + 1);
}

export interface SeededList {
  driver: DatabaseTarget['driver'];
  tasks: number;
  /** EXPLAIN (ANALYZE) of the page query, one line per plan line. */
  plan: string[];
  /** Whether the plan reads through an index rather than scanning the table. */
  indexBacked: boolean;
}

export async function seedAndExplain(
  target: DatabaseTarget,
  orgId: string,
  count: number,
): Promise<SeededList> {
  const handle = await openDatabase(target);
  try {
    await migrateDatabase(handle);
    await handle.privileged.execute(sql`
      insert into ${tasks} (org_id, title, created_by, created_at)
      select ${orgId}, 'Bench task ' || n, 'user_bench', now() - make_interval(secs => n)
      from generate_series(1, ${count}) as n`);
    await handle.privileged.execute(sql`analyze ${tasks}`);
    const query = pageQuery(handle, orgId).toSQL();
    const explain = sql.raw(`explain (analyze, costs off, timing off) ${inline(query.sql, query.params)}`);
    const result = (await handle.privileged.execute(explain)) as unknown as Rows<{ 'QUERY PLAN': string }>;
    const plan = result.rows.map((row) => row['QUERY PLAN']);
    return {
      driver: target.driver,
      tasks: count,
      plan,
      indexBacked:
        plan.some((line) => /Index (Only )?Scan/.test(line)) && !plan.some((line) => /Seq Scan/.test(line)),
    };
  } finally {
    await handle.close();
  }
}

/** The bench's own literals only (an org id and a number): EXPLAIN cannot take bind parameters here. */
function inline(statement: string, params: unknown[]): string {
  return statement.replace(/\$(\d+)/g, (_, index: string) => {
    const value = params[Number(index) - 1];
    return typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  });
}

/** A database of the bench's own on the Postgres server, dropped afterwards. */
export async function createBenchDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `gatehouse_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`).finally(() => client.end());
    },
  };
}
