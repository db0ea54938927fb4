import { getAuth, NotAMemberError } from '@gatehouse/auth/server';
import { notes, users } from '@gatehouse/db/schema';
import { describeEachDriver } from '@gatehouse/db/testing';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessDeniedError } from '../../src';
import { authFor, createTestHarness, type TestHarness, useTestHarness } from '../../src/testing';
import { orgProcedure, protectedProcedure, router } from '../../src/trpc';

let harness: TestHarness;
beforeAll(async () => {
  harness = await createTestHarness();
}, 60_000);
afterAll(() => harness.close());

describe('authFor: identities become real auth objects', () => {
  it('gives a persona its first organization and role by default', () => {
    const alice = authFor({ persona: 'alice' });
    expect(alice).toMatchObject({
      userId: 'user_alice',
      orgId: 'org_acme',
      orgRole: 'org:admin',
      orgSlug: 'acme',
    });
    expect(alice.has({ role: 'org:admin' })).toBe(true);
    expect(alice.claims).toMatchObject({ v: 2, metadata: { tier: 'pro' } });
  });

  it('picks another membership, or none, on request', () => {
    expect(authFor({ persona: 'alice', orgId: 'org_globex' })).toMatchObject({ orgRole: 'org:member' });
    expect(authFor({ persona: 'alice', orgId: null })).toMatchObject({ orgId: null, orgRole: null });
    expect(authFor({ persona: 'carol' })).toMatchObject({ userId: 'user_carol', orgId: null });
  });

  it('refuses an organization the persona does not belong to', () => {
    expect(() => authFor({ persona: 'bob', orgId: 'org_globex' })).toThrow(NotAMemberError);
  });

  it('encodes custom permissions so that Clerk’s parser and has() read them back', () => {
    const auth = authFor({
      userId: 'user_custom',
      orgId: 'org_x',
      orgRole: 'org:billing',
      orgPermissions: ['org:invoices:read', 'org:invoices:pay', 'org:reports:read'],
    });
    expect(auth.orgPermissions).toEqual(['org:invoices:read', 'org:invoices:pay', 'org:reports:read']);
    expect(auth.has({ permission: 'org:invoices:pay' })).toBe(true);
    expect(auth.has({ permission: 'org:reports:pay' })).toBe(false);
    expect(auth).toMatchObject({ orgRole: 'org:billing', orgSlug: 'x' });
  });

  it('builds a signed-out caller with or without a failure reason', () => {
    expect(authFor({ signedOut: true })).toMatchObject({ isAuthenticated: false, reason: null });
    expect(authFor({ signedOut: true, reason: 'token-expired' })).toMatchObject({ reason: 'token-expired' });
  });
});

describe('callers run the real middleware stack on a real database', () => {
  it('scopes data by the token: an org sees its own tasks only', async () => {
    const created = await harness.caller({ persona: 'alice' }).tasks.create({ title: 'Harness task' });
    const bobSees = await harness.caller({ persona: 'bob' }).tasks.list();
    const daveSees = await harness.caller({ persona: 'dave' }).tasks.list();
    expect(bobSees.items.map((task) => task.id)).toContain(created.id);
    expect(daveSees.items.map((task) => task.id)).not.toContain(created.id);
  });

  it('seeds the personas as users, as local mode does', async () => {
    const [row] = await harness.db.select().from(users).where(eq(users.id, 'user_carol'));
    expect(row?.email).toBe('carol@solo.test');
    await expect(harness.caller({ persona: 'carol' }).profile()).resolves.toMatchObject({
      firstName: 'Carol',
    });
  });

  it('denies through the ladder with the machine reason', async () => {
    const denied = await harness
      .caller({ signedOut: true, reason: 'token-expired' })
      .notes.list()
      .catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(TRPCError);
    expect(denied).toMatchObject({ code: 'UNAUTHORIZED', cause: expect.any(AccessDeniedError) });
    expect(((denied as TRPCError).cause as AccessDeniedError).reason).toBe('token-expired');
  });

  it('makes getAuth() work inside procedures, as the HTTP auth middleware does', async () => {
    const fixture = router({
      whoAmI: protectedProcedure.query(async () => {
        await Promise.resolve(); // the request scope must survive an await
        const auth = getAuth();
        return auth.tokenType === 'session_token' ? auth.userId : null;
      }),
      nested: { orgOf: orgProcedure.query(() => getAuth().orgId) },
    });
    await expect(harness.callerFor(fixture, { persona: 'dave' }).whoAmI()).resolves.toBe('user_dave');
    await expect(harness.callerFor(fixture, { persona: 'dave' }).nested.orgOf()).resolves.toBe('org_globex');
  });

  it('gives every caller the same database, scoped to the caller, and one event bus, like one API process', async () => {
    const [bob, dave] = [harness.context({ persona: 'bob' }), harness.context({ persona: 'dave' })];
    await harness.db.insert(notes).values([
      { ownerId: 'user_bob', title: 'bob' },
      { ownerId: 'user_dave', title: 'dave' },
    ]);
    expect(bob.db).not.toBe(harness.db);
    const owners = async (db: typeof harness.db) =>
      new Set((await db.select().from(notes)).map((note) => note.ownerId));
    expect(await owners(bob.db)).toEqual(new Set(['user_bob']));
    expect(await owners(dave.db)).toEqual(new Set(['user_dave']));
    expect(await owners(harness.db)).toEqual(new Set(['user_bob', 'user_dave']));
    expect(dave.events).toBe(harness.events);
    expect(bob.requestId).not.toBe(dave.requestId);
  });
});

describeEachDriver('useTestHarness', (driver) => {
  const harness = useTestHarness({ driver });
  // Made while the tests are defined, before the harness exists: looked up at each call.
  const bob = harness.caller({ persona: 'bob' });

  it('opens the harness on its driver, and callers made before it work', async () => {
    expect(harness.driver).toBe(driver.name);
    await bob.notes.create({ title: 'left behind' });
    expect(await harness.db.select().from(notes)).toHaveLength(1);
  });

  it('starts each test empty, with the personas seeded again', async () => {
    expect(await harness.db.select().from(notes)).toEqual([]);
    await expect(bob.profile()).resolves.toMatchObject({ firstName: 'Bob' });
  });

  it('takes an auth object a verifier built, as an HTTP adapter passes it', async () => {
    const auth = authFor({ persona: 'dave' });
    await expect(harness.caller(auth).me()).resolves.toMatchObject({
      userId: 'user_dave',
      sessionId: auth.sessionId,
    });
    expect(harness.context(auth).auth).toBe(auth);
  });
});
