/**
 * SIGTERM to the built API (Clerk mode, Postgres) while clients write as fast as it answers: requests
 * in flight finish and are stored, anything that still reaches it is 503 (never 500), it exits 0 with
 * a clean drain.
 */
import { randomUUID } from 'node:crypto';
import { describeOnPostgres } from '@gatehouse/db/testing';
import { expect, it } from 'vitest';
import { sessionToken } from '../live/support';
import { dataOf, mutation } from '../support/http';
import { useBuiltApiOnPostgres } from './built-api-on-postgres';
import { storedCopies, untilTrue } from './writers';

describeOnPostgres('SIGTERM under write load (built API)', (driver) => {
  const built = useBuiltApiOnPostgres(driver, 'shutdown-under-load');

  it('finishes what is in flight, answers the rest 503 or not at all, and exits 0', async () => {
    const { api, database } = built;
    const statuses = new Map<number, number>();
    const acknowledged: string[] = [];
    let exited = false;
    void api.exited.then(() => {
      exited = true;
    });
    const writer = async () => {
      const token = await sessionToken('user_bob', 'org_acme');
      while (!exited) {
        const title = `load ${randomUUID()}`;
        const result = await mutation(api, 'tasks.create', { title }, { token }).catch(() => null);
        if (!result) continue; // refused connection: the listener is closed
        statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
        if (result.status === 200 && dataOf(result).title === title) acknowledged.push(title);
      }
    };
    const writers = Array.from({ length: 6 }, writer);
    await untilTrue('writes under way', () => acknowledged.length >= 30);
    api.child.kill('SIGTERM');
    expect(await api.exited).toEqual({ code: 0, signal: null });
    await Promise.all(writers);

    expect([...statuses.keys()].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(api.logs.find((line) => line.msg === 'stopped')).toMatchObject({ drained: true });
    const copies = await storedCopies(database.url);
    for (const title of acknowledged) expect(copies.get(title), title).toBe(1);
  }, 120_000);
});
