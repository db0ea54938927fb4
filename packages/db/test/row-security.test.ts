/**
 * Row-level security as the database enforces it, below any procedure: the catalog says RLS is on and
 * forced, the request role holds no way around it, a scoped handle sees only its caller's rows with no
 * `where` at all, writes into another scope are refused, and a reused connection carries nothing over.
 */
import { type SQL, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import {
  type DatabaseHandle,
  isRowSecurityRefusal,
  NO_CALLER,
  notes,
  openDatabase,
  REQUEST_ROLE,
  TENANT_TABLES,
  tasks,
} from '../src';
import { describeEachDriver, openForAll, openTestDatabase } from '../src/testing';

type Database = DatabaseHandle['privileged'];

async function rows<Row>(db: Database, statement: SQL): Promise<Row[]> {
  return ((await db.execute(statement)) as unknown as { rows: Row[] }).rows;
}

const alice = { userId: 'user_alice', orgId: 'org_acme' };
const bob = { userId: 'user_bob', orgId: 'org_acme' };
const dave = { userId: 'user_dave', orgId: 'org_globex' };

async function refusal(write: Promise<unknown>): Promise<boolean> {
  return write.then(
    () => false,
    (error: unknown) => isRowSecurityRefusal(error),
  );
}

describeEachDriver('row-level security', (driver) => {
  const database = openForAll(
    'The test database',
    () => openTestDatabase(driver.name),
    (opened) => opened.close(),
  );
  const arrange = async () => {
    const { db } = database();
    await database().truncate();
    await db.insert(notes).values([
      { ownerId: alice.userId, title: 'alice 1' },
      { ownerId: bob.userId, title: 'bob 1' },
      { ownerId: dave.userId, title: 'dave 1' },
    ]);
    await db.insert(tasks).values([
      { orgId: 'org_acme', title: 'acme 1', createdBy: alice.userId },
      { orgId: 'org_globex', title: 'globex 1', createdBy: dave.userId },
    ]);
  };

  it('is enabled and forced on every tenant table', async () => {
    const found = await rows<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      database().db,
      sql`select relname, relrowsecurity, relforcerowsecurity from pg_class
          where relnamespace = 'public'::regnamespace and relkind = 'r' order by relname`,
    );
    const tenant = found.filter((row) => (TENANT_TABLES as readonly string[]).includes(row.relname));
    expect(tenant.map((row) => row.relname).sort()).toEqual([...TENANT_TABLES].sort());
    for (const row of tenant)
      expect(row, row.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
  });

  it('runs requests as a role that is neither superuser, nor BYPASSRLS, nor the owner', async () => {
    const [role] = await rows<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
      database().db,
      sql`select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = ${REQUEST_ROLE}`,
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false });
    const owners = await rows<{ owner: string }>(
      database().db,
      sql`select distinct pg_get_userbyid(relowner) as owner from pg_class
          where relnamespace = 'public'::regnamespace and relkind = 'r'`,
    );
    expect(owners.map((row) => row.owner)).not.toContain(REQUEST_ROLE);
    const [inScope] = await rows<{ role: string; user_id: string }>(
      database().handle.scoped(alice),
      sql`select current_user as role, current_setting('gatehouse.user_id') as user_id`,
    );
    expect(inScope).toEqual({ role: REQUEST_ROLE, user_id: alice.userId });
  });

  it('gives an unfiltered read only the caller’s rows, and no caller none', async () => {
    await arrange();
    const { handle } = database();
    const titles = async (caller: typeof alice, table: typeof notes | typeof tasks) =>
      (await handle.scoped(caller).select({ title: table.title }).from(table)).map((row) => row.title).sort();
    expect(await titles(alice, notes)).toEqual(['alice 1']);
    expect(await titles(dave, notes)).toEqual(['dave 1']);
    expect(await titles(bob, tasks)).toEqual(['acme 1']);
    expect(await titles(dave, tasks)).toEqual(['globex 1']);
    expect(await handle.scoped(NO_CALLER).select().from(notes)).toEqual([]);
    expect(await handle.scoped(NO_CALLER).select().from(tasks)).toEqual([]);
    expect(await database().db.select().from(notes)).toHaveLength(3);
  });

  it('refuses a write naming another user or organization, in a transaction or not', async () => {
    await arrange();
    const scoped = database().handle.scoped(alice);
    expect(await refusal(scoped.insert(notes).values({ ownerId: bob.userId, title: 'forged' }))).toBe(true);
    const forgedTask = scoped.transaction((tx) =>
      tx.insert(tasks).values({ orgId: 'org_globex', title: 'forged', createdBy: alice.userId }),
    );
    expect(await refusal(forgedTask)).toBe(true);
    // Moving one's own row into another scope fails the check too; another's row is simply not there.
    expect(await refusal(scoped.update(notes).set({ ownerId: bob.userId }))).toBe(true);
    expect(await scoped.update(tasks).set({ title: 'taken' }).returning()).toHaveLength(1);
    expect(await database().db.select().from(notes)).toHaveLength(3);
    const allTasks = await database().db.select({ title: tasks.title }).from(tasks).orderBy(tasks.title);
    expect(allTasks.map((row) => row.title)).toEqual(['globex 1', 'taken']);
  });

  it('leaves nothing of a caller on a connection the next one reuses', async () => {
    await arrange();
    // One connection: every statement below runs on the same one, whatever the driver.
    const { target } = database().handle;
    const single =
      target.driver === 'postgres' ? await openDatabase({ ...target, poolMax: 1 }) : database().handle;
    try {
      expect(await single.scoped(alice).select().from(notes)).toHaveLength(1);
      expect(
        await refusal(single.scoped(alice).insert(notes).values({ ownerId: 'user_x', title: 'x' })),
      ).toBe(true);
      const [after] = await rows<{ role: string; user_id: string | null; org_id: string | null }>(
        single.privileged,
        sql`select current_user as role, nullif(current_setting('gatehouse.user_id', true), '') as user_id,
                   nullif(current_setting('gatehouse.org_id', true), '') as org_id`,
      );
      expect(after).toEqual({ role: expect.not.stringMatching(REQUEST_ROLE), user_id: null, org_id: null });
      const seenByDave = await single.scoped(dave).select({ ownerId: notes.ownerId }).from(notes);
      expect(seenByDave).toEqual([{ ownerId: dave.userId }]);
      expect(await single.scoped(NO_CALLER).select().from(notes)).toEqual([]);
    } finally {
      if (single !== database().handle) await single.close();
    }
  });
});
