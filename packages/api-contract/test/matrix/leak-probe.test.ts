/**
 * The leak probe: procedures that "forgot" their `where` — an unfiltered read of each tenant table
 * through `ctx.db` — still return only the caller's rows, for every persona, because the database
 * applies row-level security under the scoped handle. A write naming another user's or organization's
 * id is refused by the database and answers 403 `outside-caller-scope`, never 500. What each persona
 * should see is worked out from PERSONAS here, not from the policies.
 */
import { PERSONAS } from '@gatehouse/auth';
import {
  memberships,
  notes,
  organizations,
  taskEventCounters,
  taskEvents,
  tasks,
  users,
} from '@gatehouse/db/schema';
import { describeEachDriver } from '@gatehouse/db/testing';
import { beforeEach, expect, it } from 'vitest';
import { type PersonaName, useTestHarness } from '../../src/testing';
import { orgProcedure, protectedProcedure, router } from '../../src/trpc';

const sorted = (values: string[]) => [...values].sort();

/** Deliberately wrong procedures: no `where`, no filter of any kind. */
const careless = router({
  notes: protectedProcedure.query(async ({ ctx }) =>
    sorted((await ctx.db.select().from(notes)).map((row) => row.ownerId)),
  ),
  tasks: protectedProcedure.query(async ({ ctx }) =>
    sorted((await ctx.db.select().from(tasks)).map((row) => row.orgId)),
  ),
  taskEvents: protectedProcedure.query(async ({ ctx }) =>
    sorted((await ctx.db.select().from(taskEvents)).map((row) => row.orgId)),
  ),
  taskEventCounters: protectedProcedure.query(async ({ ctx }) =>
    sorted((await ctx.db.select().from(taskEventCounters)).map((row) => row.orgId)),
  ),
  users: protectedProcedure.query(async ({ ctx }) =>
    sorted((await ctx.db.select().from(users)).map((row) => row.id)),
  ),
  memberships: protectedProcedure.query(async ({ ctx }) =>
    sorted((await ctx.db.select().from(memberships)).map((row) => `${row.orgId}/${row.userId}`)),
  ),
  organizations: protectedProcedure.query(async ({ ctx }) =>
    sorted((await ctx.db.select().from(organizations)).map((row) => row.id)),
  ),
  forgeNote: protectedProcedure.mutation(({ ctx }) =>
    ctx.db.insert(notes).values({ ownerId: 'user_dave', title: 'forged' }).returning(),
  ),
  forgeTask: orgProcedure.mutation(({ ctx }) =>
    ctx.db.transaction((tx) =>
      tx.insert(tasks).values({ orgId: 'org_globex', title: 'forged', createdBy: ctx.auth.userId }),
    ),
  ),
});

const ORGS = ['org_acme', 'org_globex'];
const PROBED = ['alice', 'bob', 'carol', 'dave'] as const satisfies readonly PersonaName[];

/** What a persona may see, from the cast: its own rows, and its active (first) organization's. */
function visibleTo(name: PersonaName) {
  const persona = PERSONAS.find((candidate) => candidate.userId === `user_${name}`)!;
  const activeOrg = persona.memberships[0]?.orgId;
  const inActiveOrg = PERSONAS.filter((other) =>
    other.memberships.some((membership) => membership.orgId === activeOrg),
  );
  const orgRows = activeOrg ? [activeOrg] : [];
  const membershipRows = PERSONAS.flatMap((other) =>
    other.memberships
      .filter((membership) => other === persona || membership.orgId === activeOrg)
      .map((membership) => `${membership.orgId}/${other.userId}`),
  );
  return {
    notes: [persona.userId],
    tasks: orgRows,
    taskEvents: orgRows,
    taskEventCounters: orgRows,
    users: sorted([...new Set([persona.userId, ...inActiveOrg.map((other) => other.userId)])]),
    memberships: sorted(membershipRows),
    organizations: sorted(persona.memberships.map((membership) => membership.orgId)),
  };
}

describeEachDriver('leak probe', (driver) => {
  const harness = useTestHarness({ driver });

  beforeEach(async () => {
    const { db } = harness;
    await db.insert(notes).values(PERSONAS.map((persona) => ({ ownerId: persona.userId, title: 'mine' })));
    await db.insert(tasks).values(ORGS.map((orgId) => ({ orgId, title: 'ours', createdBy: 'user_alice' })));
    await db.insert(taskEventCounters).values(ORGS.map((orgId) => ({ orgId, lastSeq: 1 })));
    await db.insert(taskEvents).values(
      ORGS.map((orgId) => ({
        orgId,
        seq: 1,
        type: 'deleted' as const,
        taskId: '00000000-0000-4000-8000-000000000000',
        actorId: 'user_alice',
      })),
    );
  });

  for (const name of PROBED) {
    it(`an unfiltered read of each tenant table as ${name} returns only ${name}'s rows`, async () => {
      const probe = harness.callerFor(careless, { persona: name });
      const seen = {
        notes: await probe.notes(),
        tasks: await probe.tasks(),
        taskEvents: await probe.taskEvents(),
        taskEventCounters: await probe.taskEventCounters(),
        users: await probe.users(),
        memberships: await probe.memberships(),
        organizations: await probe.organizations(),
      };
      expect(seen).toEqual(visibleTo(name));
    });
  }

  it('refuses a write naming another user or organization: 403, and nothing stored', async () => {
    const alice = harness.callerFor(careless, { persona: 'alice' });
    const refused = { code: 'FORBIDDEN', cause: { reason: 'outside-caller-scope' } };
    await expect(alice.forgeNote()).rejects.toMatchObject(refused);
    await expect(alice.forgeTask()).rejects.toMatchObject(refused);
    expect(await harness.db.select().from(notes)).toHaveLength(PERSONAS.length);
    expect(await harness.db.select().from(tasks)).toHaveLength(ORGS.length);
  });
});
