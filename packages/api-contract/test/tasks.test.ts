import { deleteUser } from '@gatehouse/db';
import { describeEachDriver } from '@gatehouse/db/testing';
import { expect, it } from 'vitest';
import { useTestHarness } from '../src/testing';
import { UNKNOWN_ID } from './helpers/ids';

describeEachDriver('tasks', (driver) => {
  const harness = useTestHarness({ driver });
  const aliceAtAcme = harness.caller({ persona: 'alice', orgId: 'org_acme' }); // admin
  const bobAtAcme = harness.caller({ persona: 'bob', orgId: 'org_acme' }); // member
  const daveAtGlobex = harness.caller({ persona: 'dave', orgId: 'org_globex' }); // admin
  const aliceAtGlobex = harness.caller({ persona: 'alice', orgId: 'org_globex' }); // member

  it('lets members create, list and update tasks, recording who created them and when', async () => {
    const before = Date.now();
    const task = await bobAtAcme.tasks.create({ title: 'Ship it' });
    expect(task).toMatchObject({ title: 'Ship it', done: false, createdBy: 'user_bob' });
    expect(task.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);

    const done = await aliceAtAcme.tasks.update({ id: task.id, done: true });
    expect(done).toMatchObject({ id: task.id, title: 'Ship it', done: true, createdBy: 'user_bob' });
    expect((await bobAtAcme.tasks.list()).items).toEqual([done]);
  });

  it("names each task's author from the users table, null when unknown there", async () => {
    const task = await bobAtAcme.tasks.create({ title: 'Signed' });
    expect(task.authorName).toBe('Bob Member');
    expect((await aliceAtAcme.tasks.update({ id: task.id, done: true })).authorName).toBe('Bob Member');
    await deleteUser(harness.db, 'user_bob', new Date());
    // Unknown (or deleted) in the users table: null, and the SPA shows the id.
    expect((await aliceAtAcme.tasks.list()).items.map((t) => t.authorName)).toEqual([null]);
  });

  it('lets only org:admin delete', async () => {
    const task = await bobAtAcme.tasks.create({ title: 'Keep me' });
    await expect(bobAtAcme.tasks.delete({ id: task.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      cause: { reason: 'missing-role' },
    });
    expect((await bobAtAcme.tasks.list()).items).toHaveLength(1);
    await expect(aliceAtAcme.tasks.delete({ id: task.id })).resolves.toEqual({ id: task.id });
    expect((await bobAtAcme.tasks.list()).items).toEqual([]);
  });

  it("never reads, updates or deletes another organization's tasks, even by id: 404", async () => {
    const task = await aliceAtAcme.tasks.create({ title: 'Acme secret' });
    await daveAtGlobex.tasks.create({ title: 'Globex plan' });
    for (const outsider of [daveAtGlobex, aliceAtGlobex]) {
      expect((await outsider.tasks.list()).items.map((t) => t.title)).toEqual(['Globex plan']);
      for (const id of [task.id, UNKNOWN_ID]) {
        await expect(outsider.tasks.update({ id, done: true })).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
      }
    }
    // Dave is an admin, just not of Acme: the role passes, the org filter answers.
    await expect(daveAtGlobex.tasks.delete({ id: task.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await aliceAtAcme.tasks.list()).items).toEqual([task]);
  });

  it('takes the organization from the token only: orgId in the input is a 400', async () => {
    const sneaky = { title: 'plant', orgId: 'org_acme' } as { title: string };
    await expect(daveAtGlobex.tasks.create(sneaky)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await aliceAtAcme.tasks.list()).items).toEqual([]);
  });

  it('refuses a session without an active organization', async () => {
    const carol = harness.caller({ persona: 'carol' });
    await expect(carol.tasks.list()).rejects.toMatchObject({
      code: 'FORBIDDEN',
      cause: { reason: 'no-active-organization' },
    });
    await expect(
      harness.caller({ persona: 'alice', orgId: null }).tasks.create({ title: 'x' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('answers bad input with 400', async () => {
    const task = await aliceAtAcme.tasks.create({ title: 't' });
    await expect(aliceAtAcme.tasks.create({ title: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(aliceAtAcme.tasks.create({ title: 'x'.repeat(201) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(aliceAtAcme.tasks.update({ id: task.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(aliceAtAcme.tasks.create({ title: 'a\u0000b' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(aliceAtAcme.tasks.update({ id: task.id, title: '\u0000' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const notBoolean = { id: task.id, done: 'yes' } as unknown as { id: string; done: boolean };
    await expect(aliceAtAcme.tasks.update(notBoolean)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(aliceAtAcme.tasks.delete({ id: 'task_1' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
