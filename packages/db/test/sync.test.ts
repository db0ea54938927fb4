import { eq } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import {
  applyOnce,
  type Database,
  deleteMembership,
  deleteOrganization,
  deleteUser,
  memberships,
  notes,
  organizations,
  seedPeople,
  tasks,
  upsertMembership,
  upsertOrganization,
  upsertUser,
  users,
  webhookEvents,
} from '../src';
import { describeEachDriver, openForAll } from '../src/testing';

const at = (ms: number) => new Date(Date.UTC(2025, 0, 1) + ms);
const alice = (version: number, email = `alice+${version}@acme.test`) => ({
  id: 'user_alice',
  email,
  firstName: 'Alice',
  lastName: 'Admin',
  imageUrl: null,
  updatedAt: at(version),
});

describeEachDriver('webhook sync', (driver) => {
  const database = openForAll(
    'The database',
    () => driver.open(),
    (opened) => opened.close(),
  );
  let db: Database;
  beforeEach(async () => {
    db = database().db;
    await database().truncate();
  });

  const user = async (id = 'user_alice') => (await db.select().from(users).where(eq(users.id, id)))[0];
  const membership = async () => (await db.select().from(memberships))[0];

  it('applies a newer user version and ignores an older one delivered late', async () => {
    await upsertUser(db, alice(10));
    await upsertUser(db, alice(30));
    await upsertUser(db, alice(20));
    expect(await user()).toMatchObject({
      email: 'alice+30@acme.test',
      sourceUpdatedAt: at(30),
      deletedAt: null,
    });
  });

  it('erases a deleted user and never resurrects them, whatever arrives later', async () => {
    await upsertUser(db, alice(10));
    await db.insert(notes).values({ ownerId: 'user_alice', title: 'private' });
    await db.insert(notes).values({ ownerId: 'user_bob', title: 'bob keeps this' });
    await deleteUser(db, 'user_alice', at(20));
    await upsertUser(db, alice(15));
    await upsertUser(db, alice(99));
    expect(await user()).toMatchObject({ email: null, firstName: null, deletedAt: at(20) });
    expect((await db.select().from(notes)).map((note) => note.ownerId)).toEqual(['user_bob']);
  });

  it('keeps a tombstone when the deletion arrives before the creation', async () => {
    await deleteUser(db, 'user_alice', at(20));
    await upsertUser(db, alice(10));
    expect(await user()).toMatchObject({ email: null, deletedAt: at(20) });
  });

  it('orders membership events and lets a newer re-invitation revive a membership', async () => {
    const acme = { orgId: 'org_acme', userId: 'user_bob' };
    await upsertMembership(db, { ...acme, role: 'org:member', updatedAt: at(10) });
    await deleteMembership(db, acme, at(20));
    await upsertMembership(db, { ...acme, role: 'org:admin', updatedAt: at(15) });
    expect(await membership()).toMatchObject({ role: null, deletedAt: at(20) });
    await upsertMembership(db, { ...acme, role: 'org:admin', updatedAt: at(30) });
    expect(await membership()).toMatchObject({ role: 'org:admin', deletedAt: null });
    await deleteMembership(db, acme, at(25));
    expect(await membership()).toMatchObject({ role: 'org:admin', deletedAt: null });
  });

  it('never creates a membership for a deleted user or organization', async () => {
    await deleteUser(db, 'user_bob', at(20));
    await deleteOrganization(db, 'org_globex', at(20));
    await upsertMembership(db, {
      orgId: 'org_acme',
      userId: 'user_bob',
      role: 'org:member',
      updatedAt: at(30),
    });
    await upsertMembership(db, {
      orgId: 'org_globex',
      userId: 'user_dave',
      role: 'org:admin',
      updatedAt: at(30),
    });
    expect(await db.select().from(memberships)).toEqual([]);
  });

  it("deletes an organization's tasks and ends its memberships, leaving other orgs alone", async () => {
    await upsertOrganization(db, {
      id: 'org_acme',
      name: 'Acme',
      slug: 'acme',
      imageUrl: null,
      updatedAt: at(1),
    });
    await upsertMembership(db, {
      orgId: 'org_acme',
      userId: 'user_bob',
      role: 'org:member',
      updatedAt: at(1),
    });
    await db.insert(tasks).values([
      { orgId: 'org_acme', title: 'acme task', createdBy: 'user_bob' },
      { orgId: 'org_globex', title: 'globex task', createdBy: 'user_dave' },
    ]);
    await deleteOrganization(db, 'org_acme', at(5));
    await upsertOrganization(db, {
      id: 'org_acme',
      name: 'Back',
      slug: 'acme',
      imageUrl: null,
      updatedAt: at(9),
    });
    const [org] = await db.select().from(organizations);
    expect(org).toMatchObject({ name: null, deletedAt: at(5) });
    expect(await membership()).toMatchObject({ deletedAt: at(5) });
    expect((await db.select().from(tasks)).map((task) => task.orgId)).toEqual(['org_globex']);
  });

  it('applies a delivery once: a redelivery is a duplicate with no effect', async () => {
    const delivery = { svixId: 'msg_1', type: 'user.updated' };
    expect(await applyOnce(db, delivery, (tx) => upsertUser(tx, alice(10)))).toBe('applied');
    expect(await applyOnce(db, delivery, (tx) => upsertUser(tx, alice(20)))).toBe('duplicate');
    expect(await user()).toMatchObject({ sourceUpdatedAt: at(10) });
  });

  it('forgets a delivery whose effect failed, so the retry applies it', async () => {
    const delivery = { svixId: 'msg_2', type: 'user.updated' };
    const failing = async (tx: Database) => {
      await upsertUser(tx, alice(10));
      throw new Error('boom');
    };
    await expect(applyOnce(db, delivery, failing)).rejects.toThrow('boom');
    expect(await db.select().from(webhookEvents)).toEqual([]);
    expect(await user()).toBeUndefined();
    expect(await applyOnce(db, delivery, (tx) => upsertUser(tx, alice(10)))).toBe('applied');
  });

  it('applies the same delivery racing on two connections exactly once', async () => {
    const delivery = { svixId: 'msg_3', type: 'organizationMembership.created' };
    let effects = 0;
    const effect = async (tx: Database) => {
      effects++;
      await upsertMembership(tx, {
        orgId: 'org_acme',
        userId: 'user_bob',
        role: 'org:member',
        updatedAt: at(1),
      });
    };
    const results = await Promise.all([applyOnce(db, delivery, effect), applyOnce(db, delivery, effect)]);
    expect(results.sort()).toEqual(['applied', 'duplicate']);
    expect(effects).toBe(1);
  });

  it('seeds idempotently, refreshes seeded rows, and never overwrites synced ones', async () => {
    const person = {
      userId: 'user_alice',
      email: 'alice@acme.test',
      firstName: 'Alice',
      lastName: 'Admin',
      memberships: [{ orgId: 'org_acme', orgSlug: 'acme', orgName: 'Acme', role: 'org:admin' }],
    };
    await seedPeople(db, [person]);
    await seedPeople(db, [{ ...person, firstName: 'Alicia' }]);
    expect(await user()).toMatchObject({ firstName: 'Alicia', email: 'alice@acme.test' });
    expect(await db.select().from(memberships)).toHaveLength(1);
    await upsertUser(db, alice(10, 'real@acme.test'));
    await seedPeople(db, [person]);
    expect(await user()).toMatchObject({ email: 'real@acme.test' });
  });
});
