import { memberships, organizations, users } from '@gatehouse/db';
import { and, eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { dataOf, errorOf, query, trpcClient } from '../support/http';
import { RATE_LIMITS_OFF, useTestServer } from '../support/test-server';

/**
 * Local mode's accounts and organizations over /dev/auth: each change reaches the database only as a
 * signed Clerk webhook the local issuer POSTs to /webhooks/clerk, and the issuer's tokens follow it.
 */
const server = useTestServer({ env: RATE_LIMITS_OFF });

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies, inspected by the assertions
type Json = any;

async function call(method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${server.url}/dev/auth${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

const mint = (userId: string, orgId?: string) =>
  call('POST', '/token', { userId, ...(orgId ? { orgId } : {}) });
const tokenOf = async (userId: string, orgId?: string) => (await mint(userId, orgId)).body.token as string;
const db = () => server.api.database.privileged;

/** Every event the directory wrote so far has been answered by the API. */
async function delivered() {
  const events = await server.api.auth.localIssuer!.directory.events();
  await Promise.all(
    events.map((event) =>
      server.waitForLog((line) => line.msg === 'clerk webhook' && line.svixId === event.id),
    ),
  );
  return events;
}

describe('the personas at start-up', () => {
  it('reach the database as Clerk webhooks, each applied once, before the API says it listens', async () => {
    const events = await server.api.auth.localIssuer!.directory.events();
    expect(events.map((event) => event.type)).toEqual([
      ...Array(4).fill('user.created'),
      ...Array(2).fill('organization.created'),
      ...Array(4).fill('organizationMembership.created'),
    ]);
    const webhookLines = server.logs.filter((line) => line.msg === 'clerk webhook');
    expect(webhookLines.map((line) => [line.svixId, line.status])).toEqual(
      events.map((event) => [event.id, 'applied']),
    );
    const rows = await db().select({ id: users.id }).from(users);
    expect(rows.map((row) => row.id).sort()).toEqual(['user_alice', 'user_bob', 'user_carol', 'user_dave']);
  });
});

describe('sign-up, an organization, an invitation, roles', () => {
  it('runs the journey, with tokens that follow the directory and the database synced by webhook', async () => {
    const before = (await server.api.auth.localIssuer!.directory.events()).length;
    const signUp = await call('POST', '/sign-up', {
      firstName: 'Pat',
      lastName: 'Founder',
      emailAddress: 'pat@initech.test',
    });
    expect(signUp.status).toBe(201);
    const pat = signUp.body.person.userId as string;
    expect(signUp.body.person).toMatchObject({ name: 'Pat Founder', memberships: [], invitations: [] });
    const patToken = await tokenOf(pat);

    const created = await call('POST', '/organizations', { name: 'Initech' }, patToken);
    expect(created.status).toBe(201);
    const initech = created.body.organization.id as string;
    expect(created.body.organization).toMatchObject({ name: 'Initech', slug: 'initech' });

    const bobToken = await tokenOf('user_bob');
    expect(
      (
        await call(
          'POST',
          `/organizations/${initech}/invitations`,
          { emailAddress: 'bob@acme.test' },
          bobToken,
        )
      ).body.error.reason,
    ).toBe('not-an-admin');
    const invited = await call(
      'POST',
      `/organizations/${initech}/invitations`,
      { emailAddress: 'BOB@acme.test', role: 'org:member' },
      patToken,
    );
    expect(invited.status).toBe(201);
    expect((await mint('user_bob', initech)).status).toBe(403); // invited is not a member yet

    const personas = (await call('GET', '/personas')).body.personas as Json[];
    const bob = personas.find((person) => person.userId === 'user_bob');
    expect(bob.invitations).toEqual([
      { id: invited.body.invitation.id, orgId: initech, orgName: 'Initech', role: 'org:member' },
    ]);
    expect(
      (await call('POST', `/invitations/${bob.invitations[0].id}/accept`, undefined, patToken)).status,
    ).toBe(404);
    expect(
      (await call('POST', `/invitations/${bob.invitations[0].id}/accept`, undefined, bobToken)).status,
    ).toBe(200);

    const asMember = decodeJwt(await tokenOf('user_bob', initech)) as Json;
    expect(asMember.o).toMatchObject({ id: initech, rol: 'member' });
    const view = await call('GET', `/organizations/${initech}`, undefined, bobToken);
    expect(view.body.members.map((m: Json) => [m.name, m.role])).toEqual([
      ['Pat Founder', 'org:admin'],
      ['Bob Member', 'org:member'],
    ]);

    expect(
      (await call('PATCH', `/organizations/${initech}/memberships/user_bob`, { role: 'org:admin' }, patToken))
        .status,
    ).toBe(200);
    expect((decodeJwt(await tokenOf('user_bob', initech)) as Json).o.rol).toBe('admin');
    expect(
      (
        await call(
          'PATCH',
          `/organizations/${initech}/memberships/user_bob`,
          { role: 'org:member' },
          patToken,
        )
      ).status,
    ).toBe(200);

    expect(
      (await call('DELETE', `/organizations/${initech}/memberships/user_bob`, undefined, patToken)).status,
    ).toBe(200);
    expect((await mint('user_bob', initech)).body.error.reason).toBe('not-a-member');

    // The deliveries of the journey, in the API's log: each applied once, in the order they happened.
    const journey = (await delivered()).slice(before);
    expect(journey.map((event) => event.type)).toEqual([
      'user.created',
      'organization.created',
      'organizationMembership.created',
      'organizationInvitation.created',
      'organizationInvitation.accepted',
      'organizationMembership.created',
      'organizationMembership.updated',
      'organizationMembership.updated',
      'organizationMembership.deleted',
    ]);
    const ids = new Set(journey.map((event) => event.id));
    const lines = server.logs.filter(
      (line) => line.msg === 'clerk webhook' && ids.has(line.svixId as string),
    );
    expect(lines.map((line) => [line.svixId, line.status])).toEqual(
      journey.map((event) => [
        event.id,
        event.type.startsWith('organizationInvitation') ? 'ignored' : 'applied',
      ]),
    );

    const [org] = await db().select().from(organizations).where(eq(organizations.id, initech));
    expect(org).toMatchObject({ name: 'Initech', slug: 'initech', deletedAt: null });
    const [bobInInitech] = await db()
      .select()
      .from(memberships)
      .where(and(eq(memberships.orgId, initech), eq(memberships.userId, 'user_bob')));
    expect(bobInInitech).toMatchObject({ role: null });
    expect(bobInInitech!.deletedAt).not.toBeNull();

    // `profile` and the task author names read the synced rows.
    const profile = await query(server, 'profile', { token: patToken });
    expect(dataOf(profile)).toMatchObject({
      firstName: 'Pat',
      lastName: 'Founder',
      email: 'pat@initech.test',
    });
    const inInitech = trpcClient(server, await tokenOf(pat, initech));
    await inInitech.tasks.create.mutate({ title: 'TPS reports' });
    const listed = await inInitech.tasks.list.query({});
    expect(listed.items[0]).toMatchObject({ title: 'TPS reports', authorName: 'Pat Founder' });
  });

  it('refuses what Clerk refuses, with clear 4xx', async () => {
    const alice = await tokenOf('user_alice');
    const cases: [Promise<{ status: number; body: Json }>, number, string][] = [
      [call('POST', '/sign-up', { firstName: 'A', emailAddress: 'ALICE@acme.test' }), 409, 'email-taken'],
      [call('POST', '/sign-up', { firstName: '', emailAddress: 'not-an-email' }), 400, 'invalid-body'],
      // Names reach Postgres through the webhook, which cannot store NUL: refused here, not there.
      [call('POST', '/sign-up', { firstName: 'N\u0000', emailAddress: 'nul@x.test' }), 400, 'invalid-body'],
      [call('POST', '/organizations', { name: 'Nobody Inc' }), 401, 'sign-in-required'],
      [
        call('POST', '/organizations/org_acme/invitations', { emailAddress: 'nobody@x.test' }, alice),
        404,
        'unknown-user',
      ],
      [
        call('POST', '/organizations/org_acme/invitations', { emailAddress: 'bob@acme.test' }, alice),
        409,
        'already-a-member',
      ],
      [
        call(
          'DELETE',
          '/organizations/org_globex/memberships/user_dave',
          undefined,
          await tokenOf('user_dave'),
        ),
        409,
        'last-admin',
      ],
      [call('GET', '/organizations/org_globex', undefined, await tokenOf('user_bob')), 403, 'not-a-member'],
      [
        call('PATCH', '/organizations/org_nope/memberships/user_bob', { role: 'org:admin' }, alice),
        404,
        'unknown-organization',
      ],
    ];
    for (const [answer, status, reason] of cases) {
      const { status: got, body } = await answer;
      expect([got, body.error.reason]).toEqual([status, reason]);
    }
    expect(errorOf(await query(server, 'profile')).httpStatus).toBe(401);
  });
});
