import { describe, expect, it } from 'vitest';
import { refusal } from '../vite-plugins/forbid-server-code';

const app = '/repo/apps/web/src/notes/NoteFields.tsx';

describe('the web build', () => {
  it('lets the SPA import the shared limits and the browser entries', () => {
    expect(refusal('@gatehouse/db/limits', app)).toBeNull();
    expect(refusal('@gatehouse/auth', app)).toBeNull();
    expect(refusal('@gatehouse/auth/browser', app)).toBeNull();
  });

  it('refuses every other entry of the database package, and server code anywhere', () => {
    for (const source of ['@gatehouse/db', '@gatehouse/db/schema', '@gatehouse/db/limits.ts', 'drizzle-orm'])
      expect(refusal(source, app)).toContain(source);
    expect(refusal('drizzle-orm/pg-core', '/repo/packages/db/src/limits.ts')).toContain('limits.ts');
    expect(refusal('@gatehouse/auth/server', app)).toContain('auth/server');
    expect(refusal('@gatehouse/api-contract', app)).toContain('api-contract');
  });
});
