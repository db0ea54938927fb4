import { describeEachDriver } from '@gatehouse/db/testing';
import { TRPCError } from '@trpc/server';
import { expect, it } from 'vitest';
import { createTestHarness } from '../src/testing';

describeEachDriver('a database that cannot be reached', (driver) => {
  it('answers SERVICE_UNAVAILABLE (503), not INTERNAL_SERVER_ERROR, through every tier', async () => {
    const harness = await createTestHarness({ driver });
    const alice = harness.caller({ persona: 'alice', orgId: 'org_acme' });
    await expect(alice.tasks.list()).resolves.toMatchObject({ items: [] });
    await harness.close();

    for (const call of [() => alice.notes.list(), () => alice.tasks.list(), () => alice.profile()]) {
      const error = await call().then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe('SERVICE_UNAVAILABLE');
    }
  });
});
