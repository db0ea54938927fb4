import { notes } from '@gatehouse/db/schema';
import { describeEachDriver } from '@gatehouse/db/testing';
import { expect, it } from 'vitest';
import { useTestHarness } from '../src/testing';
import { UNKNOWN_ID } from './helpers/ids';

describeEachDriver('notes', (driver) => {
  const harness = useTestHarness({ driver });
  const alice = harness.caller({ persona: 'alice' });
  const bob = harness.caller({ persona: 'bob' });
  const signedOut = harness.caller({ signedOut: true });

  it('creates, lists, updates and deletes the caller’s own notes', async () => {
    const created = await alice.notes.create({ title: '  Groceries ', body: 'milk' });
    expect(created).toMatchObject({ title: 'Groceries', body: 'milk' });
    expect(created.createdAt).toBeInstanceOf(Date);

    const updated = await alice.notes.update({ id: created.id, body: 'milk, eggs' });
    expect(updated).toMatchObject({ id: created.id, title: 'Groceries', body: 'milk, eggs' });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());

    expect((await alice.notes.list()).items).toEqual([updated]);
    await expect(alice.notes.delete({ id: created.id })).resolves.toEqual({ id: created.id });
    expect(await alice.notes.list()).toEqual({ items: [], nextCursor: null });
  });

  it('pages newest first with a cursor, ties included, and rejects a forged cursor', async () => {
    const at = (ms: number) => new Date(Date.UTC(2025, 0, 1) + ms);
    await harness.db
      .insert(notes)
      .values([
        { ownerId: 'user_alice', title: 'old', createdAt: at(0) },
        ...['tie-a', 'tie-b', 'tie-c'].map((title) => ({ ownerId: 'user_alice', title, createdAt: at(5) })),
        { ownerId: 'user_alice', title: 'new', createdAt: at(9) },
      ]);
    const first = await alice.notes.list({ limit: 2 });
    expect(first.items[0]!.title).toBe('new');
    const second = await alice.notes.list({ limit: 2, cursor: first.nextCursor! });
    const third = await alice.notes.list({ limit: 2, cursor: second.nextCursor! });
    expect(third.nextCursor).toBeNull();
    const titles = [...first.items, ...second.items, ...third.items].map((note) => note.title);
    expect(titles[4]).toBe('old');
    expect(titles.slice(1, 4).sort()).toEqual(['tie-a', 'tie-b', 'tie-c']);
    await expect(alice.notes.list({ cursor: "x' or 1=1 --" })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(alice.notes.list({ limit: 101 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // Well-formed but not a cursor this API wrote: a year Postgres cannot store, a day that does not exist.
    for (const forged of ['0000-01-01T00:00:00.000Z', '2025-02-30T00:00:00.000Z']) {
      await expect(alice.notes.list({ cursor: `${forged}_${UNKNOWN_ID}` }), forged).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
  });

  it("never shows, changes or deletes another user's note: 404 like an unknown id", async () => {
    const note = await alice.notes.create({ title: 'Alice only', body: 'secret' });
    expect((await bob.notes.list()).items).toEqual([]);
    for (const id of [note.id, UNKNOWN_ID]) {
      await expect(bob.notes.update({ id, title: 'pwned' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(bob.notes.delete({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    // Bob's cursor made from Alice's note still only walks Bob's rows.
    const cursor = `${note.createdAt.toISOString().replace(/\.\d+Z/, '.999Z')}_${note.id}`;
    expect((await bob.notes.list({ cursor })).items).toEqual([]);
    expect((await alice.notes.list()).items).toEqual([note]);
  });

  it('rejects fields outside the schema, so the owner cannot be chosen by the caller', async () => {
    const sneaky = { title: 'mine?', ownerId: 'user_bob' } as { title: string };
    await expect(alice.notes.create(sneaky)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(bob.notes.list()).resolves.toEqual({ items: [], nextCursor: null });
  });

  it('answers bad input with 400: lengths, empty changes, malformed ids', async () => {
    const tooLong = 'x'.repeat(201);
    await expect(alice.notes.create({ title: tooLong })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(alice.notes.create({ title: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(alice.notes.create({ title: 't', body: 'b'.repeat(20_001) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    // Postgres text cannot hold NUL: refused as input, not failed as a statement.
    await expect(alice.notes.create({ title: 'a\u0000b' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(alice.notes.create({ title: 't', body: '\u0000' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const note = await alice.notes.create({ title: 't' });
    await expect(alice.notes.update({ id: note.id, body: 'x\u0000' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(alice.notes.update({ id: note.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(alice.notes.delete({ id: '1 or 1=1' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('requires a session', async () => {
    await expect(signedOut.notes.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(signedOut.notes.create({ title: 't' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('exports notes for the pro tier only (metadata.tier claim)', async () => {
    await alice.notes.create({ title: 'a', body: 'b' });
    await bob.notes.create({ title: 'bob' });
    const exported = await alice.notes.export();
    expect(exported).toMatchObject({
      format: 'gatehouse.notes.v1',
      truncated: false,
      notes: [{ title: 'a' }],
    });

    await expect(bob.notes.export()).rejects.toMatchObject({
      code: 'FORBIDDEN',
      cause: { reason: 'missing-claim' },
    });
    for (const metadata of [undefined, { tier: 'free' }, { tier: ['pro'] }, { plan: 'pro' }]) {
      const caller = harness.caller({ persona: 'alice', claims: { metadata } });
      await expect(caller.notes.export()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(
      harness.caller({ persona: 'bob', claims: { metadata: { tier: 'pro' } } }).notes.export(),
    ).resolves.toMatchObject({ notes: [{ title: 'bob' }] });
  });
});
