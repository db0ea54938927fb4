import { describe, expect, it } from 'vitest';
import { useTestHarness } from '../src/testing';

describe('health', () => {
  const harness = useTestHarness({ seedPersonas: false });

  it('answers ok to an anonymous caller', async () => {
    await expect(harness.caller({ signedOut: true }).health()).resolves.toEqual({ status: 'ok' });
  });
});
