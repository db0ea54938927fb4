import { PERSONAS } from '@gatehouse/auth';
import { deleteUser, seedPeople, upsertUser } from '@gatehouse/db';
import { describeEachDriver } from '@gatehouse/db/testing';
import { expect, it } from 'vitest';
import { useTestHarness } from '../src/testing';

describeEachDriver('profile', (driver) => {
  // Unseeded: a profile exists only once the user is synced.
  const harness = useTestHarness({ driver, seedPersonas: false });
  const alice = harness.caller({ persona: 'alice' });

  it('is null until the user is synced', async () => {
    await expect(alice.profile()).resolves.toBeNull();
  });

  it("returns the caller's seeded persona and nobody else's", async () => {
    await seedPeople(harness.db, PERSONAS);
    await expect(harness.caller({ persona: 'bob' }).profile()).resolves.toEqual({
      email: 'bob@acme.test',
      firstName: 'Bob',
      lastName: 'Member',
      imageUrl: null,
    });
  });

  it('follows webhook updates, and is null once the user is deleted', async () => {
    const updatedAt = new Date();
    await upsertUser(harness.db, {
      id: 'user_alice',
      email: 'alice@new.test',
      firstName: 'Alice',
      lastName: 'Renamed',
      imageUrl: 'https://img.clerk.com/alice',
      updatedAt,
    });
    await expect(alice.profile()).resolves.toMatchObject({ lastName: 'Renamed' });
    await deleteUser(harness.db, 'user_alice', new Date(updatedAt.getTime() + 1));
    await expect(alice.profile()).resolves.toBeNull();
  });

  it('requires a session', async () => {
    await expect(harness.caller({ signedOut: true }).profile()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});
