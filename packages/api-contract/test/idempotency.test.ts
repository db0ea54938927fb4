import { randomUUID } from 'node:crypto';
import { idempotencyKeys, taskEvents, tasks } from '@gatehouse/db/schema';
import { describeEachDriver } from '@gatehouse/db/testing';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { canonicalInput, INPUT_LIMITS } from '../src/idempotency/canonical-input';
import { formatIdempotencyHeader, parseIdempotencyHeader } from '../src/idempotency/keys';
import { useTestHarness } from '../src/testing';
import { UNKNOWN_ID } from './helpers/ids';

describeEachDriver('idempotent mutations', (driver) => {
  const harness = useTestHarness({ driver });
  const bob = { persona: 'bob', orgId: 'org_acme' } as const;
  const withKey = (key: string, who: Parameters<typeof harness.caller>[0] = bob) =>
    harness.caller(who, { idempotencyKey: key });

  it('applies a retried mutation once and replays its first result', async () => {
    const key = randomUUID();
    const first = await withKey(key).tasks.create({ title: 'Once' });
    const retried = await withKey(key).tasks.create({ title: 'Once' });
    expect(retried).toEqual(first);
    expect(retried.createdAt).toBeInstanceOf(Date);
    expect(await harness.db.select().from(tasks)).toHaveLength(1);
    expect(await harness.db.select().from(taskEvents)).toHaveLength(1);
  });

  it('applies concurrent requests with one key once', async () => {
    const key = randomUUID();
    const results = await Promise.all([1, 2, 3].map(() => withKey(key).tasks.create({ title: 'Race' })));
    expect(new Set(results.map((task) => task.id)).size).toBe(1);
    expect(await harness.db.select().from(tasks)).toHaveLength(1);
  });

  it('answers 409 for the same key with another input, another procedure or another caller', async () => {
    const key = randomUUID();
    await withKey(key).tasks.create({ title: 'First' });
    await expect(withKey(key).tasks.create({ title: 'Second' })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { reason: 'idempotency-key-reused' },
    });
    await expect(withKey(key).notes.create({ title: 'First' })).rejects.toMatchObject({
      code: 'CONFLICT',
      cause: { reason: 'idempotency-key-reused' },
    });
    await expect(
      withKey(key, { persona: 'alice', orgId: 'org_acme' }).tasks.create({ title: 'First' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', cause: { reason: 'idempotency-key-other-caller' } });
    // The same user in another organization is another caller too.
    const aliceKey = randomUUID();
    await withKey(aliceKey, { persona: 'alice', orgId: 'org_acme' }).tasks.create({ title: 'Hers' });
    await expect(
      withKey(aliceKey, { persona: 'alice', orgId: 'org_globex' }).tasks.create({ title: 'Hers' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', cause: { reason: 'idempotency-key-other-caller' } });
    expect(await harness.db.select().from(tasks)).toHaveLength(2);
  });

  it('stores no failure: a refused mutation leaves its key free, and nothing half-applied', async () => {
    const key = randomUUID();
    await expect(withKey(key).tasks.update({ id: UNKNOWN_ID, done: true })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await harness.db.select().from(idempotencyKeys)).toEqual([]);
    expect(await harness.db.select().from(taskEvents)).toEqual([]);
  });

  it('forgets a key after 24 hours', async () => {
    const key = randomUUID();
    await withKey(key).tasks.create({ title: 'Daily' });
    await harness.db
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(eq(idempotencyKeys.key, key));
    await withKey(key).tasks.create({ title: 'Daily' });
    expect(await harness.db.select().from(tasks)).toHaveLength(2);
  });

  it('refuses a malformed header with 400, and leaves queries and key-less mutations alone', async () => {
    await expect(withKey('short').tasks.create({ title: 'x' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { reason: 'invalid-idempotency-key' },
    });
    await expect(withKey('short').tasks.list()).resolves.toMatchObject({ items: [] });
    // Too deep to hash within bounds: refused before anything runs.
    const deep = JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`) as unknown;
    const deeplyNested = { title: 'x', deep } as { title: string };
    await expect(withKey(randomUUID()).tasks.create(deeplyNested)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { reason: 'input-too-complex' },
    });
    // A key named as superjson fears (`constructor`) is the schema's to refuse: a 400, not a failed hash.
    const sneaky = { title: 'x', constructor: 1 } as unknown as { title: string };
    await expect(withKey(randomUUID()).tasks.create(sneaky)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await harness.caller(bob).tasks.create({ title: 'a' });
    await harness.caller(bob).tasks.create({ title: 'a' });
    expect(await harness.db.select().from(tasks)).toHaveLength(2);
  });
});

describe('the canonical form of a hashed input', () => {
  const nest = (levels: number, wrap: (inner: unknown) => unknown) =>
    Array.from({ length: levels }).reduce<unknown>((inner) => wrap(inner), 'leaf');

  it('is the same whatever the key order, and tells apart what JSON would not', () => {
    expect(canonicalInput({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe(
      canonicalInput({ a: [1, { d: 2 }], b: 1 }),
    );
    const distinct = [new Date(0), new Map([['a', 1]]), new Set([1]), 1n, { a: 1 }, [1], '1', 1, null];
    expect(new Set(distinct.map(canonicalInput)).size).toBe(distinct.length);
    // A key superjson would throw on is just a key here (the procedure's schema decides on it).
    expect(canonicalInput({ constructor: 1, prototype: 2 })).toBe('{"constructor":1,"prototype":2}');
  });

  it('stops past 64 levels or 10,000 values, counting a shared value wherever it appears', () => {
    expect(canonicalInput(nest(INPUT_LIMITS.depth, (inner) => ({ a: inner })))).not.toBeNull();
    expect(canonicalInput(nest(INPUT_LIMITS.depth + 1, (inner) => ({ a: inner })))).toBeNull();
    expect(canonicalInput(nest(4, (inner) => new Map([['k', inner]])))).not.toBeNull();
    expect(canonicalInput(nest(100_000, (inner) => [inner]))).toBeNull();
    expect(canonicalInput(Array.from({ length: INPUT_LIMITS.values }, () => 0))).toBeNull();
    // Each level refers twice to the one below: 2^40 paths from 40 small arrays.
    const shared = nest(40, (inner) => [inner, inner]);
    expect(canonicalInput(shared)).toBeNull();
  });
});

describe('the Idempotency-Key header', () => {
  it('carries one key per batch index; a bare key is call 0', () => {
    const a = randomUUID();
    const b = randomUUID();
    expect(parseIdempotencyHeader(a)).toEqual(new Map([[0, a]]));
    const keys = new Map([
      [0, a],
      [3, b],
    ]);
    expect(parseIdempotencyHeader(formatIdempotencyHeader(keys))).toEqual(keys);
  });

  it('is malformed with a bad key, a repeated index or a key used twice', () => {
    const a = randomUUID();
    for (const header of ['', 'short', 'has space here', `0=${a}, 0=${randomUUID()}`, `0=${a}, 1=${a}`]) {
      expect(parseIdempotencyHeader(header), header).toBeNull();
    }
  });
});
