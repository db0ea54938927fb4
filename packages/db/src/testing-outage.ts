/**
 * A database outage on demand, for fault tests (never imported by app code): the database of `url`
 * (one a test created for itself) refuses new sessions and loses its current ones, as when Postgres
 * restarts or an operator intervenes. The admin connection goes to TEST_DATABASE_URL's database.
 */
export interface DatabaseOutage {
  /** `ALTER DATABASE … ALLOW_CONNECTIONS false`, then `pg_terminate_backend` of every session on it. */
  begin(): Promise<void>;
  /** Terminates every session again (those that slipped in stay refused by `begin` anyway). */
  terminateSessions(): Promise<number>;
  /** `ALLOW_CONNECTIONS true`: the database serves again. */
  end(): Promise<void>;
}

export function databaseOutage(url: string): DatabaseOutage {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('databaseOutage needs TEST_DATABASE_URL');
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^gatehouse_test_\w+$/.test(name))
    throw new Error(`Refusing an outage of ${name}: not a test database`);
  const admin = async <Row>(statement: string, values: unknown[] = []): Promise<Row[]> => {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: adminUrl });
    client.on('error', () => {});
    await client.connect();
    try {
      return (await client.query(statement, values)).rows as Row[];
    } finally {
      await client.end();
    }
  };
  const terminateSessions = async () => {
    // In the select list, not the WHERE clause: there the planner may call it before filtering by
    // database, on every session of the server.
    const rows = await admin<{ terminated: boolean }>(
      'select pg_terminate_backend(pid) as terminated from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    return rows.filter((row) => row.terminated).length;
  };
  return {
    async begin() {
      await admin(`alter database ${name} allow_connections false`);
      await terminateSessions();
    },
    terminateSessions,
    async end() {
      await admin(`alter database ${name} allow_connections true`);
    },
  };
}
