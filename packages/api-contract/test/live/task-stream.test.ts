/**
 * `tasks.onChange` through the real ladder and resolver, on both database drivers, each test with a
 * bus of its own (`harness.caller(who, { events })`), so no test hears another's streams. Every wait
 * is on an event the server yields; the only real delay is the short life of the token in the expiry
 * test.
 */
import { taskEventCounters, taskEvents } from '@gatehouse/db/schema';
import { describeEachDriver } from '@gatehouse/db/testing';
import { getTRPCErrorFromUnknown } from '@trpc/server';
import { and, eq, lt } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { createLocalEventBus } from '../../src/events/bus';
import { recordTaskChange, TASK_CHANGES_KEPT_PER_ORG } from '../../src/events/task-changes';
import { useTestHarness } from '../../src/testing';
import { UNKNOWN_ID } from '../helpers/ids';
import { readStream, silentBus } from './support';

const alice = { persona: 'alice', orgId: 'org_acme' } as const; // admin of Acme
const bob = { persona: 'bob', orgId: 'org_acme' } as const;
const dave = { persona: 'dave', orgId: 'org_globex' } as const;

describeEachDriver('tasks.onChange', (driver) => {
  const harness = useTestHarness({ driver });

  async function subscribe(bus = createLocalEventBus(), lastEventId?: string) {
    const iterable = await harness
      .caller(alice, { events: bus })
      .tasks.onChange(lastEventId ? { lastEventId } : undefined);
    return readStream(iterable);
  }

  it("streams its org's created, updated and deleted tasks in order, and none of another org's", async () => {
    const bus = createLocalEventBus();
    const stream = await subscribe(bus);
    expect(await stream.next()).toEqual({ id: 'org_acme:0', data: { type: 'ready', resync: true } });

    await harness.caller(dave, { events: bus }).tasks.create({ title: 'Globex secret' });
    const task = await harness.caller(bob, { events: bus }).tasks.create({ title: 'Ship it' });
    const done = await harness.caller(alice, { events: bus }).tasks.update({ id: task.id, done: true });
    await harness.caller(alice, { events: bus }).tasks.delete({ id: task.id });

    // Globex's change was published first: had it leaked, it would be the next event.
    expect(await stream.next()).toEqual({ id: 'org_acme:1', data: { type: 'created', task } });
    expect(await stream.next()).toEqual({ id: 'org_acme:2', data: { type: 'updated', task: done } });
    expect(await stream.next()).toEqual({ id: 'org_acme:3', data: { type: 'deleted', taskId: task.id } });
    expect(bus.listenedOrgs()).toEqual(['org_acme']);
    await stream.close();
    expect(bus.listenedOrgs()).toEqual([]);
  });

  it('resumes after the last event id: replays what happened meanwhile, once, then goes live', async () => {
    const bus = createLocalEventBus();
    const first = await subscribe(bus);
    const { id } = await first.next();
    await first.close();

    const a = await harness.caller(bob, { events: bus }).tasks.create({ title: 'while away 1' });
    const b = await harness.caller(bob, { events: bus }).tasks.create({ title: 'while away 2' });
    const again = await subscribe(bus, id);
    expect(await again.next()).toEqual({ id: 'org_acme:1', data: { type: 'created', task: a } });
    expect(await again.next()).toEqual({ id: 'org_acme:2', data: { type: 'created', task: b } });
    expect(await again.next()).toEqual({ id: 'org_acme:2', data: { type: 'ready', resync: false } });

    const c = await harness.caller(bob, { events: bus }).tasks.create({ title: 'live' });
    expect(await again.next()).toEqual({ id: 'org_acme:3', data: { type: 'created', task: c } });
    await again.close();
  });

  it('asks for a refetch when the history cannot be replayed', async () => {
    await harness.caller(bob, { events: silentBus }).tasks.create({ title: 'one' });
    await harness.caller(dave, { events: silentBus }).tasks.create({ title: 'globex' });
    const resync = { id: 'org_acme:1', data: { type: 'ready', resync: true } };
    // Another org's id (after an org switch), an id from the future (a reset database).
    for (const lastEventId of ['org_globex:0', 'org_acme:7']) {
      const stream = await subscribe(createLocalEventBus(), lastEventId);
      expect(await stream.next()).toEqual(resync);
      await stream.close();
    }
    // Pruned history: the change after the client's id is gone.
    await harness.db.delete(taskEvents).where(eq(taskEvents.orgId, 'org_acme'));
    const stream = await subscribe(createLocalEventBus(), 'org_acme:0');
    expect(await stream.next()).toEqual(resync);
    await stream.close();
  });

  it('reads back from the database what a notice did not carry, or what no notice announced', async () => {
    const bus = createLocalEventBus();
    const stream = await subscribe(bus);
    await stream.next();
    // Written through another replica (no notice here), then a change whose notice arrives.
    const missed = await harness.caller(bob, { events: silentBus }).tasks.create({ title: 'missed' });
    const seen = await harness.caller(bob, { events: bus }).tasks.create({ title: 'seen' });
    expect(await stream.next()).toEqual({ id: 'org_acme:1', data: { type: 'created', task: missed } });
    expect(await stream.next()).toEqual({ id: 'org_acme:2', data: { type: 'created', task: seen } });

    // A notice from another replica carries only the number; a catch-up carries nothing.
    const remote = await harness.caller(bob, { events: silentBus }).tasks.create({ title: 'remote' });
    bus.publish({ orgId: 'org_acme', seq: 3 });
    expect(await stream.next()).toEqual({ id: 'org_acme:3', data: { type: 'created', task: remote } });
    const later = await harness.caller(bob, { events: silentBus }).tasks.create({ title: 'later' });
    bus.broadcast({ kind: 'catch-up' });
    expect(await stream.next()).toEqual({ id: 'org_acme:4', data: { type: 'created', task: later } });
    await stream.close();
  });

  it('records a change only when the write commits, with a number per org', async () => {
    const bus = createLocalEventBus();
    await expect(
      harness.caller(alice, { events: bus }).tasks.update({ id: UNKNOWN_ID, done: true }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(harness.caller(bob, { events: bus }).tasks.delete({ id: UNKNOWN_ID })).rejects.toMatchObject(
      {
        code: 'FORBIDDEN',
      },
    );
    await harness.caller(dave, { events: bus }).tasks.create({ title: 'globex' });
    await harness.caller(bob, { events: bus }).tasks.create({ title: 'acme' });
    const rows = await harness.db.select().from(taskEvents);
    expect(rows.map((row) => [row.orgId, row.seq, row.type, row.actorId]).sort()).toEqual([
      ['org_acme', 1, 'created', 'user_bob'],
      ['org_globex', 1, 'created', 'user_dave'],
    ]);
  });

  it(`keeps the last ${TASK_CHANGES_KEPT_PER_ORG} changes of an org`, async () => {
    const seq = 5 * TASK_CHANGES_KEPT_PER_ORG;
    await harness.db.insert(taskEventCounters).values({ orgId: 'org_acme', lastSeq: seq });
    const old = { orgId: 'org_acme', type: 'deleted', taskId: UNKNOWN_ID, actorId: 'user_bob' } as const;
    const keptFrom = seq + 1 - TASK_CHANGES_KEPT_PER_ORG + 1;
    await harness.db.insert(taskEvents).values([
      { ...old, seq: keptFrom - 1 },
      { ...old, seq: keptFrom },
    ]);
    await harness.db.transaction((tx) =>
      recordTaskChange(
        tx,
        { orgId: 'org_acme', actorId: 'user_bob' },
        { type: 'deleted', taskId: UNKNOWN_ID },
      ),
    );
    const left = await harness.db
      .select({ seq: taskEvents.seq })
      .from(taskEvents)
      .where(and(eq(taskEvents.orgId, 'org_acme'), lt(taskEvents.seq, seq + 10)));
    expect(left.map((row) => row.seq).sort()).toEqual([keptFrom, seq + 1]);
  });

  it("ends at the token's expiry with a 401 token-expired, and refuses a token about to expire", async () => {
    const expiresIn = (ms: number) => ({
      ...alice,
      claims: { exp: Math.floor((Date.now() + ms) / 1000) },
    });
    const bus = createLocalEventBus();
    // 4 s: `exp` is whole seconds and a stream needs ≥ 1 s left at connect, with room for a busy machine.
    const short = readStream(await harness.caller(expiresIn(4_000), { events: bus }).tasks.onChange());
    await short.next();
    const error = getTRPCErrorFromUnknown(await short.failure());
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.cause).toMatchObject({ reason: 'token-expired' });
    expect(bus.listenedOrgs()).toEqual([]);

    const spent = readStream(await harness.caller(expiresIn(0), { events: bus }).tasks.onChange());
    const refused = getTRPCErrorFromUnknown(await spent.failure());
    expect(refused.code).toBe('UNAUTHORIZED');
    expect(refused.cause).toMatchObject({ reason: 'token-expired' });
  });

  it('ends every stream when the process shuts down, and refuses new ones', async () => {
    const bus = createLocalEventBus();
    const stream = await subscribe(bus);
    await stream.next();
    await bus.close();
    expect(getTRPCErrorFromUnknown(await stream.failure()).code).toBe('SERVICE_UNAVAILABLE');
    const late = await subscribe(bus);
    expect(getTRPCErrorFromUnknown(await late.failure()).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('stops listening when the client goes away', async () => {
    const bus = createLocalEventBus();
    const gone = new AbortController();
    const iterable = await harness.caller(alice, { events: bus, signal: gone.signal }).tasks.onChange();
    const stream = readStream(iterable);
    await stream.next();
    expect(bus.listenedOrgs()).toEqual(['org_acme']);
    const ended = stream.failure();
    gone.abort();
    expect(await ended).toBeNull();
    expect(bus.listenedOrgs()).toEqual([]);
  });

  it('refuses a malformed last event id (400), and callers without an org (403)', async () => {
    const caller = harness.caller(alice, { events: createLocalEventBus() });
    await expect(caller.tasks.onChange({ lastEventId: 'not an id' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const carol = harness.caller({ persona: 'carol' }, { events: createLocalEventBus() });
    await expect(carol.tasks.onChange()).rejects.toMatchObject({
      code: 'FORBIDDEN',
      cause: { reason: 'no-active-organization' },
    });
  });
});
