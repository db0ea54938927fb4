import { PERSONAS } from '@gatehouse/auth';
import { deleteUser, seedPeople, upsertUser } from '@gatehouse/db';
import { TEST_DRIVERS } from '@gatehouse/db/testing';
import { describe, expect, it } from 'vitest';
import { anonymousCaller, callerFor, useTestDatabase } from './helpers/data-callers';

for (const driver of TEST_DRIVERS) {
  describe.skipIf(!driver.available)(`profile on ${driver.name}`, () => {
    const db = useTestDatabase(driver);

    it('is null until the user is synced', async () => {
      await expect(callerFor(db(), 'user_alice').profile()).resolves.toBeNull();
    });

    it("returns the caller's seeded persona and nobody else's", async () => {
      await seedPeople(db(), PERSONAS);
      await expect(callerFor(db(), 'user_bob').profile()).resolves.toEqual({
        email: 'bob@acme.test',
        firstName: 'Bob',
        lastName: 'Member',
        imageUrl: null,
      });
    });

    it('follows webhook updates, and is null once the user is deleted', async () => {
      const updatedAt = new Date();
      await upsertUser(db(), {
        id: 'user_alice',
        email: 'alice@new.test',
        firstName: 'Alice',
        lastName: 'Renamed',
        imageUrl: 'https://img.clerk.com/alice',
        updatedAt,
      });
      await expect(callerFor(db(), 'user_alice').profile()).resolves.toMatchObject({ lastName: 'Renamed' });
      await deleteUser(db(), 'user_alice', new Date(updatedAt.getTime() + 1));
      await expect(callerFor(db(), 'user_alice').profile()).resolves.toBeNull();
    });

    it('requires a session', async () => {
      await expect(anonymousCaller(db()).profile()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    });
  });
}
