import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, openDatabase } from '../src';

describe('isDatabaseUnavailable', () => {
  it('recognises a Postgres server that refuses connections (a real pg error, through drizzle)', async () => {
    // Port 1 on loopback: nothing listens there, so the driver fails to connect at once.
    const handle = await openDatabase({ driver: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' });
    const error = await handle.privileged.execute('select 1').then(
      () => null,
      (caught: unknown) => caught,
    );
    await handle.close();
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  // A closed embedded database is covered through every tier in api-contract's database-unavailable test.

  it('does not call a query bug an outage', () => {
    const syntax = Object.assign(new Error('syntax error at or near "selec"'), { code: '42601' });
    expect(isDatabaseUnavailable(new Error('Failed query', { cause: syntax }))).toBe(false);
    expect(isDatabaseUnavailable('not an error')).toBe(false);
  });
});
