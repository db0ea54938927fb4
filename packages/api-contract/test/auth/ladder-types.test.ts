import type {
  AuthObject,
  MachineAuth,
  OrgAuth,
  OrgMachineAuth,
  SignedInAuth,
  UserMachineAuth,
} from '@gatehouse/auth';
import { actingUserId } from '@gatehouse/auth';
import { describe, expectTypeOf, it } from 'vitest';
import { apiKey, m2mToken, oauthToken } from '../../src/machine-access';
import { machineProcedure, orgProcedure, protectedProcedure, publicProcedure } from '../../src/trpc';

/**
 * The narrowing lives in the types: resolvers below are never called, they are type-checked
 * (`pnpm typecheck` and vitest's typecheck of expectTypeOf both fail when the ladder loosens).
 */
describe('procedure ladder types', () => {
  it('publicProcedure: auth may be a session, a machine or signed out; userId needs narrowing', () => {
    publicProcedure.query(({ ctx }) => {
      expectTypeOf(ctx.auth).toEqualTypeOf<AuthObject>();
      expectTypeOf(ctx.auth.orgId).toEqualTypeOf<string | null>();
      // @ts-expect-error a machine may be calling: there is no userId before narrowing
      const unnarrowed = ctx.auth.userId;
      if (ctx.auth.tokenType === 'session_token') expectTypeOf(ctx.auth.userId).toEqualTypeOf<string>();
      return unnarrowed;
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

describe('machine callers in the types', () => {
  it('orgProcedure.or(apiKey(…)): orgId is a string for both; userId only after narrowing', () => {
    orgProcedure.or(apiKey('tasks:read')).query(({ ctx }) => {
      expectTypeOf(ctx.auth).toEqualTypeOf<OrgAuth | OrgMachineAuth>();
      expectTypeOf(ctx.auth.orgId).toEqualTypeOf<string>();
      // @ts-expect-error an organization's API key is not a user
      const userId: string = ctx.auth.userId;
      // @ts-expect-error nor does it hold a role
      const role: string = ctx.auth.orgRole;
      if (ctx.auth.tokenType === 'session_token') expectTypeOf(ctx.auth.orgRole).toEqualTypeOf<string>();
      else expectTypeOf(ctx.auth.subject).toEqualTypeOf<`org_${string}`>();
      return [userId, role];
    });
  });

  it('protectedProcedure.or(…): the acting user is read through actingUserId', () => {
    protectedProcedure.or(apiKey('notes:read'), oauthToken('notes:read')).query(({ ctx }) => {
      expectTypeOf(ctx.auth).toEqualTypeOf<SignedInAuth | UserMachineAuth<'api_key' | 'oauth_token'>>();
      expectTypeOf(actingUserId(ctx.auth)).toEqualTypeOf<string>();
      // @ts-expect-error userId exists on the session only
      return ctx.auth.userId;
    });
  });

  it('machineProcedure(…): a machine of the listed kinds, never a session', () => {
    machineProcedure(apiKey(), m2mToken()).query(({ ctx }) => {
      expectTypeOf(ctx.auth).toEqualTypeOf<MachineAuth<'api_key' | 'm2m_token'>>();
      expectTypeOf(ctx.auth.scopes).toEqualTypeOf<readonly string[]>();
      // @ts-expect-error no session reaches a machine-only procedure
      return ctx.auth.sessionId;
    });
  });

  it('refuses grants a tier cannot honour, and an empty opt-in', () => {
    // @ts-expect-error an M2M token acts for a machine, never for a user
    protectedProcedure.or(m2mToken());
    // @ts-expect-error only API keys belong to organizations
    orgProcedure.or(oauthToken());
    // @ts-expect-error opting in names at least one credential
    machineProcedure();
  });
});
