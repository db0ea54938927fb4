/**
 * Streams under row-level security: an open `tasks.onChange` holds no transaction and no connection
 * between reads (a stream lives for minutes; a held transaction would pin a pooled connection, and on
 * PGlite block every other statement), and its catch-up reads run in the caller's scope.
 */
import { describeEachDriver } from '@gatehouse/db/testing';
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { createLocalEventBus } from '../../src/events/bus';
import { useTestHarness } from '../../src/testing';
import { readStream, silentBus } from './support';

const alice = { persona: 'alice', orgId: 'org_acme' } as const;

describeEachDriver('tasks.onChange under row-level security', (driver) => {
  const harness = useTestHarness({ driver });

  it('holds no transaction or connection while open, and reads back changes in its caller’s scope', async () => {
    const bus = createLocalEventBus();
    const stream = readStream(await harness.caller(alice, { events: bus }).tasks.onChange());
    const { id } = await stream.next();
    expect(id).toBe('org_acme:0');

    // The privileged handle answers at once (on PGlite, a held transaction would block it), and on
    // Postgres no session of this database is inside a transaction.
    const open = await harness.db.execute(
      sql`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and state like 'idle in transaction%'`,
    );
    if (harness.driver === 'postgres')
      expect((open as unknown as { rows: unknown[] }).rows).toEqual([{ n: 0 }]);

    // A change no notice carried is read back through the stream's own scoped reads: were they not
    // scoped to Acme, row-level security would hide the change and the stream would ask for a refetch.
    const task = await harness.caller(alice, { events: silentBus }).tasks.create({ title: 'read back' });
    bus.publish({ orgId: 'org_acme', seq: 1 });
    expect(await stream.next()).toEqual({ id: 'org_acme:1', data: { type: 'created', task } });
    await stream.close();
  });
});
