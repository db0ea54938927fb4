/**
 * One valid input per procedure, so each call gets past zod and the auth matrix sees what the access
 * checks do. Typed against the router: a new procedure without an entry, or an entry for a procedure
 * that no longer exists, is a type error (and the matrix test fails naming it).
 * Ids name no row on purpose: a NOT_FOUND after the access checks counts as "allowed".
 * `pnpm turbo gen router` appends its entries above the closing brace.
 */
import type { AppRouter } from '../../src';
import type { SampleInputs } from '../../src/testing';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

export const SAMPLE_INPUTS = {
  health: undefined,
  me: undefined,
  'org.current': undefined,
  profile: undefined,
  'notes.list': {},
  'notes.create': { title: 'Matrix note', body: 'body' },
  'notes.update': { id: UNKNOWN_ID, title: 'Renamed' },
  'notes.delete': { id: UNKNOWN_ID },
  'notes.export': undefined,
  'notes.stats': undefined,
  'tasks.list': {},
  'tasks.create': { title: 'Matrix task' },
  'tasks.update': { id: UNKNOWN_ID, done: true },
  'tasks.delete': { id: UNKNOWN_ID },
  'tasks.onChange': undefined,
  'tasks.summary': undefined,
  'machine.whoami': undefined,
} satisfies SampleInputs<AppRouter>;
