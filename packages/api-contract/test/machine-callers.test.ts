/**
 * What machine credentials may do through the procedures that admit them, and the billing gates, on a
 * real database: every token type accepted and refused, scopes present and missing.
 */
import { describeEachDriver } from '@gatehouse/db/testing';
import { describe, expect, it } from 'vitest';
import { useTestHarness } from '../src/testing';

const refusal = (code: string, reason: string) => ({ code, cause: { reason } });

describeEachDriver('machine callers', (driver) => {
  const harness = useTestHarness({ driver });
  const bobAtAcme = harness.caller({ persona: 'bob', orgId: 'org_acme' });
  const acmeKey = (...scopes: string[]) =>
    harness.caller({ machine: 'api_key', subject: 'org_acme', scopes, tokenId: 'ak_id_acme_ci' });

  it('lets an organization’s API key list (tasks:read) and create (tasks:write) the org’s tasks', async () => {
    await bobAtAcme.tasks.create({ title: 'From Bob' });
    await harness.caller({ persona: 'dave' }).tasks.create({ title: 'Globex only' });
    const reader = acmeKey('tasks:read');
    expect((await reader.tasks.list()).items.map((task) => task.title)).toEqual(['From Bob']);

    const task = await acmeKey('tasks:write').tasks.create({ title: 'From CI' });
    expect(task).toMatchObject({ title: 'From CI', createdBy: 'ak_id_acme_ci' });
    expect((await bobAtAcme.tasks.list()).items.map((t) => t.title)).toEqual(['From CI', 'From Bob']);
  });

  it('refuses a key missing the scope (403), and everything the key was not granted (401)', async () => {
    await expect(acmeKey('tasks:read').tasks.create({ title: 'x' })).rejects.toMatchObject(
      refusal('FORBIDDEN', 'missing-scope'),
    );
    await expect(acmeKey().tasks.list()).rejects.toMatchObject(refusal('FORBIDDEN', 'missing-scope'));
    const everything = acmeKey('tasks:read', 'tasks:write', 'tasks:delete');
    const task = await bobAtAcme.tasks.create({ title: 'Keep' });
    await expect(everything.tasks.update({ id: task.id, done: true })).rejects.toMatchObject(
      refusal('UNAUTHORIZED', 'machine-token-not-accepted'),
    );
    await expect(everything.tasks.delete({ id: task.id })).rejects.toMatchObject(
      refusal('UNAUTHORIZED', 'machine-token-not-accepted'),
    );
    await expect(everything.org.current()).rejects.toMatchObject(
      refusal('UNAUTHORIZED', 'machine-token-not-accepted'),
    );
  });

  it('lets a user’s API key list that user’s notes only (notes:read), and nothing else', async () => {
    await harness.caller({ persona: 'alice' }).notes.create({ title: 'Alice’s' });
    await harness.caller({ persona: 'bob' }).notes.create({ title: 'Bob’s' });
    const bobsKey = harness.caller({ machine: 'api_key', subject: 'user_bob', scopes: ['notes:read'] });
    expect((await bobsKey.notes.list()).items.map((note) => note.title)).toEqual(['Bob’s']);
    await expect(bobsKey.notes.create({ title: 'x' })).rejects.toMatchObject(
      refusal('UNAUTHORIZED', 'machine-token-not-accepted'),
    );
    await expect(bobsKey.tasks.list()).rejects.toMatchObject(
      refusal('UNAUTHORIZED', 'machine-token-not-accepted'),
    );
    const orgKey = harness.caller({ machine: 'api_key', subject: 'org_acme', scopes: ['notes:read'] });
    await expect(orgKey.notes.list()).rejects.toMatchObject(
      refusal('UNAUTHORIZED', 'machine-token-not-accepted'),
    );
  });

  it('refuses M2M and OAuth tokens wherever only API keys are granted, whatever their scopes', async () => {
    const m2m = harness.caller({ machine: 'm2m_token', subject: 'mch_nightly', scopes: ['tasks:read'] });
    const oauth = harness.caller({ machine: 'oauth_token', subject: 'user_bob', scopes: ['notes:read'] });
    await expect(m2m.tasks.list()).rejects.toMatchObject(
      refusal('UNAUTHORIZED', 'machine-token-not-accepted'),
    );
    await expect(oauth.notes.list()).rejects.toMatchObject(
      refusal('UNAUTHORIZED', 'machine-token-not-accepted'),
    );
  });

  describe('machine.whoami', () => {
    it('tells any machine credential what it is', async () => {
      for (const [machine, subject] of [
        ['api_key', 'org_acme'],
        ['m2m_token', 'mch_nightly'],
        ['oauth_token', 'user_bob'],
      ] as const) {
        await expect(
          harness.caller({ machine, subject, scopes: ['a', 'b'] }).machine.whoami(),
        ).resolves.toEqual({ tokenType: machine, subject, scopes: ['a', 'b'] });
      }
    });

    it('refuses a session token (401 session-token-not-accepted) and nobody', async () => {
      await expect(bobAtAcme.machine.whoami()).rejects.toMatchObject(
        refusal('UNAUTHORIZED', 'session-token-not-accepted'),
      );
      await expect(harness.caller({ signedOut: true }).machine.whoami()).rejects.toMatchObject(
        refusal('UNAUTHORIZED', 'token-missing'),
      );
    });
  });

  describe('billing gates (Clerk has() over fea / pla)', () => {
    it('tasks.summary: a feature of the org’s plan (Acme: team; Globex: free)', async () => {
      await bobAtAcme.tasks.create({ title: 'one' });
      const done = await bobAtAcme.tasks.create({ title: 'two' });
      await bobAtAcme.tasks.update({ id: done.id, done: true });
      await expect(bobAtAcme.tasks.summary()).resolves.toEqual({ open: 1, done: 1, total: 2 });
      await expect(harness.caller({ persona: 'dave' }).tasks.summary()).rejects.toMatchObject(
        refusal('FORBIDDEN', 'missing-feature'),
      );
      await expect(acmeKey('tasks:read').tasks.summary()).rejects.toMatchObject(
        refusal('UNAUTHORIZED', 'machine-token-not-accepted'),
      );
    });

    it('notes.stats: the pro plan (Alice), not the free one (Bob)', async () => {
      const alice = harness.caller({ persona: 'alice' });
      await alice.notes.create({ title: 'first' });
      await expect(alice.notes.stats()).resolves.toMatchObject({ count: 1, latestAt: expect.any(Date) });
      await expect(harness.caller({ persona: 'bob' }).notes.stats()).rejects.toMatchObject(
        refusal('FORBIDDEN', 'missing-plan'),
      );
      const bobOnPro = harness.caller({ userId: 'user_bob', plans: ['u:pro'] });
      await expect(bobOnPro.notes.stats()).resolves.toEqual({ count: 0, latestAt: null });
    });
  });
});
