import { openForAll } from '@gatehouse/db/testing';
import { beforeEach } from 'vitest';
import { callAt, callerProxy } from './caller-proxy';
import { createTestHarness, type TestHarness, type TestHarnessOptions } from './harness';

/**
 * The harness of a test file (or of one `describe`), through vitest hooks: created before its tests,
 * `reset()` before each one, closed after them. Its callers can be made anywhere; its other members
 * work inside tests and hooks.
 *
 *   describeEachDriver('notes', (driver) => {
 *     const harness = useTestHarness({ driver });
 *     const alice = harness.caller({ persona: 'alice' });
 *     it('…', () => alice.notes.list());
 *   });
 */
export function useTestHarness(options: TestHarnessOptions = {}): TestHarness {
  const harness = openForAll(
    'The test harness',
    () => createTestHarness(options),
    (opened) => opened.close(),
  );
  beforeEach(() => harness().reset());
  return {
    get driver() {
      return harness().driver;
    },
    get db() {
      return harness().db;
    },
    get events() {
      return harness().events;
    },
    // Callers may be made while the tests are being defined: the harness is looked up at each call.
    caller: (who, callOptions) =>
      callerProxy((path, args) => callAt(harness().caller(who, callOptions), path, args)),
    callerFor: (router, who, callOptions) =>
      callerProxy((path, args) => callAt(harness().callerFor(router, who, callOptions), path, args)),
    context: (who, callOptions) => harness().context(who, callOptions),
    runInRequest: (context, fn) => harness().runInRequest(context, fn),
    reset: () => harness().reset(),
    close: () => harness().close(),
  };
}
