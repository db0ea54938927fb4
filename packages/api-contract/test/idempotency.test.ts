import { randomUUID } from 'node:crypto';
import { idempotencyKeys, taskEvents, tasks } from '@gatehouse/db/schema';
import { describeEachDriver } from '@gatehouse/db/testing';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  formatIdempotencyHeader,
  MAX_HASHED_DEPTH,
  nestsDeeperThan,
  parseIdempotencyHeader,
} from '../src/idempotency/keys';
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
    // Too deep to hash safely (hashing recurses once per level): refused before anything runs.
    const deep = JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`) as unknown;
    const deeplyNested = { title: 'x', deep } as { title: string };
    await expect(withKey(randomUUID()).tasks.create(deeplyNested)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      cause: { reason: 'input-too-deep' },
    });
    await harness.caller(bob).tasks.create({ title: 'a' });
    await harness.caller(bob).tasks.create({ title: 'a' });
    expect(await harness.db.select().from(tasks)).toHaveLength(2);
  });
});

describe('the depth of a hashed input', () => {
  it('counts nesting through objects, arrays, maps and sets, without recursing', () => {
    const nest = (levels: number, wrap: (inner: unknown) => unknown) =>
      Array.from({ length: levels }).reduce<unknown>((inner) => wrap(inner), 'leaf');
    expect(
      nestsDeeperThan(
        nest(3, (inner) => ({ a: inner })),
        3,
      ),
    ).toBe(false);
    expect(
      nestsDeeperThan(
        nest(4, (inner) => ({ a: inner })),
        3,
      ),
    ).toBe(true);
    expect(
      nestsDeeperThan(
        nest(4, (inner) => new Map([['k', inner]])),
        3,
      ),
    ).toBe(true);
    expect(
      nestsDeeperThan(
        nest(4, (inner) => new Set([inner])),
        3,
      ),
    ).toBe(true);
    expect(
      nestsDeeperThan(
        nest(100_000, (inner) => [inner]),
        MAX_HASHED_DEPTH,
      ),
    ).toBe(true);
    expect(nestsDeeperThan({ a: [1, 2, { b: null }], c: 'x' }, MAX_HASHED_DEPTH)).toBe(false);
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
