/**
 * Pins the public types the SPA compiles against: `RouterInputs` / `RouterOutputs` per procedure. A
 * change here is a change of the API contract and must be deliberate. Checked by `pnpm typecheck`
 * (tsc includes test/); the `it` blocks only give vitest something to list.
 * The ladder's own narrowing is pinned in test/auth/ladder-types.test.ts.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { RouterInputs, RouterOutputs } from '../../src';

type Page<T> = { items: T[]; nextCursor: string | null };
// biome-ignore lint/suspicious/noConfusingVoidType: tRPC itself adds `void` to optional inputs, so `list()` needs no argument.
type PageInput = { limit?: number; cursor?: string; direction?: 'forward' } | undefined | void;

interface Note {
  id: string;
  title: string;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

interface Task {
  id: string;
  title: string;
  done: boolean;
  createdBy: string;
  /** Added for the SPA's "Added by …" (from the synced users table); null when unknown. */
  authorName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

describe('RouterOutputs (what the SPA receives; superjson keeps Dates as Date)', () => {
  it('identity and health', () => {
    expectTypeOf<RouterOutputs['health']>().toEqualTypeOf<{ status: 'ok' }>();
    expectTypeOf<RouterOutputs['me']>().toEqualTypeOf<{
      userId: string;
      sessionId: string;
      orgId: string | null;
      orgRole: string | null;
      orgSlug: string | null;
      orgPermissions: string[];
    }>();
    // Inside orgProcedure the org is never null: the SPA needs no null checks on id and role.
    expectTypeOf<RouterOutputs['org']['current']>().toEqualTypeOf<{
      id: string;
      slug: string | null;
      role: string;
      permissions: string[];
    }>();
    expectTypeOf<RouterOutputs['profile']>().toEqualTypeOf<{
      email: string | null;
      firstName: string | null;
      lastName: string | null;
      imageUrl: string | null;
    } | null>();
  });

  it('notes', () => {
    expectTypeOf<RouterOutputs['notes']['list']>().toEqualTypeOf<Page<Note>>();
    expectTypeOf<RouterOutputs['notes']['create']>().toEqualTypeOf<Note>();
    expectTypeOf<RouterOutputs['notes']['update']>().toEqualTypeOf<Note>();
    expectTypeOf<RouterOutputs['notes']['delete']>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<RouterOutputs['notes']['export']>().toEqualTypeOf<{
      format: 'gatehouse.notes.v1';
      exportedAt: Date;
      notes: Note[];
      truncated: boolean;
    }>();
  });

  it('tasks', () => {
    expectTypeOf<RouterOutputs['tasks']['list']>().toEqualTypeOf<Page<Task>>();
    expectTypeOf<RouterOutputs['tasks']['create']>().toEqualTypeOf<Task>();
    expectTypeOf<RouterOutputs['tasks']['update']>().toEqualTypeOf<Task>();
    expectTypeOf<RouterOutputs['tasks']['delete']>().toEqualTypeOf<{ id: string }>();
  });
});

describe('RouterInputs (what the SPA may send)', () => {
  it('takes nothing where the token says it all', () => {
    expectTypeOf<RouterInputs['me']>().toEqualTypeOf<void>();
    expectTypeOf<RouterInputs['org']['current']>().toEqualTypeOf<void>();
    expectTypeOf<RouterInputs['profile']>().toEqualTypeOf<void>();
    expectTypeOf<RouterInputs['notes']['export']>().toEqualTypeOf<void>();
  });

  it('notes: no owner field, ever', () => {
    expectTypeOf<RouterInputs['notes']['list']>().toEqualTypeOf<PageInput>();
    expectTypeOf<RouterInputs['notes']['create']>().toEqualTypeOf<{ title: string; body?: string }>();
    expectTypeOf<RouterInputs['notes']['update']>().toEqualTypeOf<{
      id: string;
      title?: string;
      body?: string;
    }>();
    expectTypeOf<RouterInputs['notes']['delete']>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<RouterInputs['notes']['create']>().not.toHaveProperty('ownerId');
  });

  it('tasks: the organization comes from the token, never from input', () => {
    expectTypeOf<RouterInputs['tasks']['list']>().toEqualTypeOf<PageInput>();
    expectTypeOf<RouterInputs['tasks']['create']>().toEqualTypeOf<{ title: string }>();
    expectTypeOf<RouterInputs['tasks']['update']>().toEqualTypeOf<{
      id: string;
      title?: string;
      done?: boolean;
    }>();
    expectTypeOf<RouterInputs['tasks']['delete']>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<RouterInputs['tasks']['create']>().not.toHaveProperty('orgId');
  });
});
