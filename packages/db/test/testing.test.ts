import pg from 'pg';
import { expect, it } from 'vitest';
import { notes } from '../src';
import { describeEachDriver } from '../src/testing';

describeEachDriver('test databases', (driver) => {
  it('open migrated and of their own; truncate empties them; close is final and idempotent', async () => {
    const [first, second] = await Promise.all([driver.open(), driver.open()]);
    await first.db.insert(notes).values({ ownerId: 'user_x', title: 'only in the first' });
    expect(await second.db.select().from(notes)).toEqual([]);
    await first.truncate();
    expect(await first.db.select().from(notes)).toEqual([]);

    await Promise.all([first.close(), second.close()]);
    await expect(first.close()).resolves.toBeUndefined();
    await expect(first.handle.ping()).rejects.toThrow();
    const { target } = first.handle;
    if (target.driver === 'postgres') {
      const client = new pg.Client({ connectionString: target.url });
      await expect(client.connect()).rejects.toThrow(/does not exist/); // dropped
    }
  });
});
