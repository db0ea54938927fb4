/**
 * Pins the test harness's types (so tests in every package keep compiling against it) and what stacking
 * a requirement does to `ctx.auth` (it must keep the builder's narrowing). Checked by `pnpm typecheck`.
 */
import type { OrgAuth, SignedInAuth } from '@gatehouse/auth';
import { describe, expectTypeOf, it } from 'vitest';
import type { AppRouter, RouterOutputs } from '../../src';
import type { AppCaller, PersonaName, ProcedurePath, TestIdentity } from '../../src/testing';
import {
  orgProcedure,
  protectedProcedure,
  requireClaim,
  requirePermission,
  requireRole,
} from '../../src/trpc';

describe('test harness types', () => {
  it('names the personas and types every caller from the router', () => {
    expectTypeOf<PersonaName>().toEqualTypeOf<'alice' | 'bob' | 'carol' | 'dave'>();
    expectTypeOf<AppCaller['tasks']['list']>().returns.toEqualTypeOf<
      Promise<RouterOutputs['tasks']['list']>
    >();
    expectTypeOf<AppCaller['me']>().returns.toEqualTypeOf<Promise<RouterOutputs['me']>>();
  });

  it('accepts exactly one identity shape', () => {
    expectTypeOf<{ persona: 'alice'; orgId: null }>().toExtend<TestIdentity>();
    expectTypeOf<{ userId: 'user_x'; orgId: 'org_x'; orgRole: 'org:admin' }>().toExtend<TestIdentity>();
    expectTypeOf<{ signedOut: true }>().toExtend<TestIdentity>();
    expectTypeOf<{ persona: 'zed' }>().not.toExtend<TestIdentity>();
    expectTypeOf<{ persona: 'alice'; userId: 'user_bob' }>().not.toExtend<TestIdentity>();
    expectTypeOf<{ userId: 'user_x'; orgRole: 'admin' }>().not.toExtend<TestIdentity>();
  });

  it('lists every procedure path, and only procedures', () => {
    expectTypeOf<'tasks.delete' | 'org.current' | 'me'>().toExtend<ProcedurePath<AppRouter>>();
    expectTypeOf<'tasks'>().not.toExtend<ProcedurePath<AppRouter>>();
    expectTypeOf<'tasks.nope'>().not.toExtend<ProcedurePath<AppRouter>>();
  });
});

describe('stacked requirements keep the narrowing of their builder', () => {
  it('requireRole / requirePermission on orgProcedure', () => {
    orgProcedure.use(requireRole('org:admin')).query(({ ctx }) => {
      expectTypeOf(ctx.auth).toEqualTypeOf<OrgAuth>();
    });
    orgProcedure.use(requirePermission('org:tasks:delete')).query(({ ctx }) => {
      expectTypeOf(ctx.auth.orgId).toEqualTypeOf<string>();
    });
  });

  it('requireClaim on protectedProcedure', () => {
    protectedProcedure.use(requireClaim('metadata.tier', 'pro')).query(({ ctx }) => {
      expectTypeOf(ctx.auth).toEqualTypeOf<SignedInAuth>();
    });
  });

  it('roles and permissions are written in Clerk’s org: form', () => {
    expectTypeOf(requireRole).parameter(0).toEqualTypeOf<`org:${string}`>();
    // @ts-expect-error a bare role ('admin') never matches Clerk's `org:admin`
    requireRole('admin');
  });
});
