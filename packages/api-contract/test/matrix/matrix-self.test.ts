/**
 * The matrix must be able to fail. Each fixture below is wrong in one way a real procedure could be,
 * and the matrix has to report it; the one correct fixture has to pass.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { InnerContext } from '../../src/context';
import { apiKey, declareGrants, m2mToken } from '../../src/machine-access';
import { createTestHarness, type TestHarness } from '../../src/testing';
import {
  machineProcedure,
  orgProcedure,
  protectedProcedure,
  publicProcedure,
  requireClaim,
  requireFeature,
  requirePermission,
  requirePlan,
  requireRole,
  router,
} from '../../src/trpc';
import { checkProcedure } from './access-matrix';

/** A builder outside the ladder, so its procedures carry no tier at all. */
const offLadder = initTRPC.context<InnerContext>().create().procedure;

const fixture = router({
  correct: orgProcedure.use(requireRole('org:admin')).query(() => 'ok'),
  correctStacked: protectedProcedure.use(requireClaim('metadata.tier', 'pro')).query(() => 'ok'),
  correctPermission: orgProcedure.use(requirePermission('org:reports:export')).query(() => 'ok'),
  correctBilling: orgProcedure
    .use(requireFeature('task_summary'))
    .use(requirePlan('org:team'))
    .query(() => 'ok'),
  correctMachines: orgProcedure.or(apiKey('tasks:read', 'tasks:write')).query(() => 'ok'),
  correctMachineOnly: machineProcedure(m2mToken('reports:write')).query(() => 'ok'),
  // Declares that org API keys may call, enforces sessions only.
  declaresMachinesEnforcesNone: orgProcedure
    .meta({ access: 'org', machines: declareGrants([apiKey('tasks:read')], 'org') })
    .query(() => 'ok'),
  // Admits org API keys, declares none: the access table would hide a way in.
  admitsMachinesDeclaresNone: orgProcedure
    .or(apiKey())
    .meta({ access: 'org', machines: [] })
    .query(() => 'ok'),
  // A scope checked by hand instead of declared.
  handWrittenScopeCheck: orgProcedure.or(apiKey()).query(({ ctx }) => {
    if (ctx.auth.tokenType === 'api_key' && !ctx.auth.scopes.includes('tasks:read')) {
      throw new TRPCError({ code: 'FORBIDDEN' });
    }
    return 'ok';
  }),
  // Declares org, enforces only a session: a caller without an org gets in.
  declaresOrgEnforcesProtected: protectedProcedure.meta({ access: 'org' }).query(() => 'ok'),
  // Declares protected, enforces org: a caller without an org is refused.
  declaresProtectedEnforcesOrg: orgProcedure.meta({ access: 'protected' }).query(() => 'ok'),
  // Declares public, is really protected.
  declaresPublicEnforcesProtected: protectedProcedure.meta({ access: 'public' }).query(() => 'ok'),
  // An admin check written by hand in the resolver: invisible to the declaration.
  handWrittenRoleCheck: orgProcedure.query(({ ctx }) => {
    if (ctx.auth.orgRole !== 'org:admin') throw new TRPCError({ code: 'FORBIDDEN' });
    return 'ok';
  }),
  // A subscription: only its gate is checked; the stream is closed unread.
  live: orgProcedure.subscription(async function* () {
    yield 'tick';
  }),
  // Not found after the gate is still "allowed"; a crash is not.
  notFoundAfterGate: publicProcedure.query(() => {
    throw new TRPCError({ code: 'NOT_FOUND' });
  }),
  crashes: publicProcedure.query(() => {
    throw new Error('boom');
  }),
});
// Merged at runtime only: tRPC's types (rightly) refuse a procedure of another root config.
(fixture._def.procedures as Record<string, unknown>).tierless = offLadder.query(() => 'ok');

let harness: TestHarness;
beforeAll(async () => {
  harness = await createTestHarness({ seedPersonas: false });
}, 60_000);
afterAll(() => harness.close());

const check = (path: string, input?: unknown) => checkProcedure(harness, fixture, path, input);

describe('the auth matrix catches', () => {
  it.each([
    'correct',
    'correctStacked',
    'correctPermission',
    'correctBilling',
    'correctMachines',
    'correctMachineOnly',
    'notFoundAfterGate',
    'live',
  ])('nothing in %s', async (path) => {
    const report = await check(path);
    expect(report.actual).toEqual(report.expected);
  });

  it('the gate of a subscription', async () => {
    const report = await check('live');
    expect(report.actual['org member']).toBe('allowed');
    expect(report.actual['no org']).toBe('FORBIDDEN no-active-organization');
  });

  it('a procedure declaring org while enforcing only a session', async () => {
    const report = await check('declaresOrgEnforcesProtected');
    expect(report.expected['no org']).toBe('FORBIDDEN no-active-organization');
    expect(report.actual['no org']).toBe('allowed');
  });

  it('machine credentials: admitted with every declared scope, refused without one, by kind', async () => {
    const report = await check('correctMachines');
    expect(report.actual['org API key']).toBe('allowed');
    expect(report.actual['scopeless machine']).toBe('FORBIDDEN missing-scope');
    expect(report.actual['user API key']).toBe('UNAUTHORIZED machine-token-not-accepted');
    const machineOnly = await check('correctMachineOnly');
    expect(machineOnly.actual['M2M token']).toBe('allowed');
    expect(machineOnly.actual['org admin']).toBe('UNAUTHORIZED session-token-not-accepted');
  });

  it('a procedure declaring machine credentials it refuses', async () => {
    const report = await check('declaresMachinesEnforcesNone');
    expect(report.expected['org API key']).toBe('allowed');
    expect(report.actual['org API key']).toBe('UNAUTHORIZED machine-token-not-accepted');
  });

  it('a procedure admitting machine credentials it does not declare', async () => {
    const report = await check('admitsMachinesDeclaresNone');
    expect(report.expected['org API key']).toBe('UNAUTHORIZED machine-token-not-accepted');
    expect(report.actual['org API key']).toBe('allowed');
  });

  it('a scope checked by hand, without a declaration', async () => {
    const report = await check('handWrittenScopeCheck');
    expect(report.expected['scopeless machine']).toBe('allowed');
    expect(report.actual['scopeless machine']).toBe('FORBIDDEN (no reason)');
  });

  it('a procedure declaring a session while enforcing an org', async () => {
    const report = await check('declaresProtectedEnforcesOrg');
    expect(report.expected['no org']).toBe('allowed');
    expect(report.actual['no org']).toBe('FORBIDDEN no-active-organization');
  });

  it('a procedure declaring public while enforcing a session', async () => {
    const report = await check('declaresPublicEnforcesProtected');
    expect(report.expected['signed out']).toBe('allowed');
    expect(report.actual['signed out']).toBe('UNAUTHORIZED token-missing');
  });

  it('an access check written by hand, without a declaration', async () => {
    const report = await check('handWrittenRoleCheck');
    expect(report.expected['org member']).toBe('allowed');
    expect(report.actual['org member']).toBe('FORBIDDEN (no reason)');
  });

  it('a procedure without a tier', async () => {
    const report = await check('tierless');
    expect(report.declared.access).toBeNull();
    expect(report.actual).not.toEqual(report.expected);
  });

  it('a resolver that crashes', async () => {
    const report = await check('crashes');
    expect(report.actual['org admin']).toBe('ERROR INTERNAL_SERVER_ERROR: boom');
  });

  it('a sample input that zod rejects', async () => {
    const takesId = router({ byId: orgProcedure.input(z.object({ id: z.uuid() })).query(() => 1) });
    const valid = await checkProcedure(harness, takesId, 'byId', { id: crypto.randomUUID() });
    const invalid = await checkProcedure(harness, takesId, 'byId', { id: 'nope' });
    expect(valid.actual['org admin']).toBe('allowed');
    expect(invalid.actual['org admin']).toMatch(/^ERROR invalid sample input/);
  });
});
