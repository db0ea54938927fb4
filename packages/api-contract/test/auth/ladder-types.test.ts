import type { OrgAuth, SignedInAuth } from '@gatehouse/auth';
import { describe, expectTypeOf, it } from 'vitest';
import { orgProcedure, protectedProcedure, publicProcedure } from '../../src/trpc';

/**
 * The narrowing lives in the types: resolvers below are never called, they are type-checked
 * (`pnpm typecheck` and vitest's typecheck of expectTypeOf both fail when the ladder loosens).
 */
describe('procedure ladder types', () => {
  it('publicProcedure: auth may be signed in or out', () => {
    publicProcedure.query(({ ctx }) => {
      expectTypeOf(ctx.auth.userId).toEqualTypeOf<string | null>();
      expectTypeOf(ctx.auth.orgId).toEqualTypeOf<string | null>();
    });
  });

  it('protectedProcedure: userId is a string, orgId may be null', () => {
    protectedProcedure.query(({ ctx }) => {
      expectTypeOf(ctx.auth).toEqualTypeOf<SignedInAuth>();
      expectTypeOf(ctx.auth.userId).toEqualTypeOf<string>();
      expectTypeOf(ctx.auth.sessionId).toEqualTypeOf<string>();
      expectTypeOf(ctx.auth.orgId).toEqualTypeOf<string | null>();
      // @ts-expect-error reading the org id as a string must not compile here
      const orgId: string = ctx.auth.orgId;
      return orgId;
    });
  });

  it('orgProcedure: orgId and orgRole are strings', () => {
    orgProcedure.query(({ ctx }) => {
      expectTypeOf(ctx.auth).toEqualTypeOf<OrgAuth>();
      expectTypeOf(ctx.auth.orgId).toEqualTypeOf<string>();
      expectTypeOf(ctx.auth.orgRole).toEqualTypeOf<string>();
      const orgId: string = ctx.auth.orgId;
      return orgId;
    });
  });
});
