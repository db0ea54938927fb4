/**
 * Procedure paths are a public contract: the SPA, API clients and the docs call them by name. This pins
 * the published ones with their types. New procedures may join; none of these may move or vanish.
 */
import { describe, expect, it } from 'vitest';
import { appRouter } from '../../src';
import { proceduresOf } from './access-matrix';

const PUBLISHED = {
  health: 'query',
  me: 'query',
  'org.current': 'query',
  profile: 'query',
  'notes.list': 'query',
  'notes.create': 'mutation',
  'notes.update': 'mutation',
  'notes.delete': 'mutation',
  'notes.export': 'query',
  'tasks.list': 'query',
  'tasks.create': 'mutation',
  'tasks.update': 'mutation',
  'tasks.delete': 'mutation',
  'tasks.onChange': 'subscription',
  'tasks.summary': 'query',
  'notes.stats': 'query',
  'machine.whoami': 'query',
};

describe('the app router', () => {
  it('serves every published path, as the same kind of procedure', () => {
    const served = Object.fromEntries(
      proceduresOf(appRouter).map(([path, procedure]) => [path, procedure._def.type]),
    );
    expect(served).toMatchObject(PUBLISHED);
  });
});
