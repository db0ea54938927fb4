/**
 * The auth matrix over the whole app router: every procedure, called by every kind of caller, must do
 * exactly what its declaration (builder tier + stacked requirements) promises. A procedure without a
 * tier, with a tier its middleware does not enforce, or with an access check its declaration does not
 * show (e.g. a 403 thrown by hand in a resolver) fails here, named in the test title.
 */
import { describe, expect, it } from 'vitest';
import { appRouter } from '../../src';
import { useTestHarness } from '../../src/testing';
import { checkProcedure, proceduresOf } from './access-matrix';
import { SAMPLE_INPUTS } from './sample-inputs';

const procedures = proceduresOf(appRouter).map(([path]) => path);
const samples: Record<string, unknown> = SAMPLE_INPUTS;

const harness = useTestHarness();

describe('auth matrix', () => {
  it('has a sample input for every procedure, and none for procedures that are gone', () => {
    const missing = procedures.filter((path) => !Object.hasOwn(samples, path));
    const stale = Object.keys(samples).filter((path) => !procedures.includes(path));
    expect(missing, 'add these to test/matrix/sample-inputs.ts (an input that passes zod)').toEqual([]);
    expect(stale, 'remove these from test/matrix/sample-inputs.ts').toEqual([]);
  });

  for (const path of procedures) {
    it(`${path} does what its declaration promises`, async () => {
      expect(
        Object.hasOwn(samples, path),
        `no sample input for ${path} in test/matrix/sample-inputs.ts`,
      ).toBe(true);
      const report = await checkProcedure(harness, appRouter, path, samples[path]);
      expect(
        report.declared.access,
        `${path} has no tier: make it from a ladder builder (trpc.ts)`,
      ).not.toBeNull();
      expect(report.actual, `${path} declares ${JSON.stringify(report.declared)}`).toEqual(report.expected);
    });
  }
});
