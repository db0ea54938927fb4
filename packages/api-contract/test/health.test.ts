import { signedOutAuth } from '@gatehouse/auth';
import { describe, expect, it } from 'vitest';
import { appRouter, createCallerFactory, createInnerContext } from '../src';

describe('health', () => {
  it('answers ok to an anonymous caller', async () => {
    const caller = createCallerFactory(appRouter)(
      createInnerContext({ auth: signedOutAuth(), requestId: 'test' }),
    );
    await expect(caller.health()).resolves.toEqual({ status: 'ok' });
  });
});
