/**
 * The auth matrix: for each procedure, what each kind of caller should get according to the procedure's
 * declaration (`declaredAccess`: the tier in `meta.access` plus the requirements it `.use()`s), and what
 * it actually gets when called through the real middleware stack. Used by matrix.test.ts on the app
 * router and by matrix-self.test.ts on a fixture of deliberately wrong procedures.
 */
import { type AuthObject, trpcCodeForReason } from '@gatehouse/auth';
import { type AnyProcedure, type AnyTRPCRouter, getTRPCErrorFromUnknown } from '@trpc/server';
import { ZodError } from 'zod';
import { AccessDeniedError } from '../../src';
import { claimAt, type DeclaredAccess, declaredAccess, type Requirement } from '../../src/access';
import type { TestHarness, TestIdentity } from '../../src/testing';

/** The columns. The last one holds every role, permission and claim the procedure declares. */
export const COLUMNS = ['signed out', 'no org', 'org member', 'org admin', 'entitled'] as const;
export type Column = (typeof COLUMNS)[number];

export const FIXED_IDENTITIES: Record<Exclude<Column, 'entitled'>, TestIdentity> = {
  'signed out': { signedOut: true },
  'no org': { persona: 'carol' }, // signed in, in no organization
  'org member': { persona: 'bob' }, // org:member of org_acme, free tier
  'org admin': { persona: 'alice' }, // org:admin of org_acme, pro tier
};

/** A caller holding exactly what `requires` asks for, on top of an org admin's session. */
function entitledIdentity(requires: readonly Requirement[]): TestIdentity {
  const role = requires.find((r) => r.kind === 'role')?.role ?? 'org:admin';
  const claims: Record<string, unknown> = {};
  for (const requirement of requires) {
    if (requirement.kind !== 'claim') continue;
    const keys = requirement.claim.split('.');
    let node = claims;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys.at(-1)!] = requirement.equals;
  }
  return {
    userId: 'user_matrix_entitled',
    orgId: 'org_acme',
    orgRole: role as `org:${string}`,
    orgPermissions: requires.flatMap((r) => (r.kind === 'permission' ? [r.permission] : [])),
    claims,
  };
}

/**
 * `allowed` (the access checks passed: a NOT_FOUND or CONFLICT from the resolver still counts),
 * `<tRPC code> <reason>` for a denial, or `ERROR …` for anything the matrix cannot accept.
 */
export type Outcome = string;
export type Row = Record<Column, Outcome>;

function satisfies(auth: AuthObject, requirement: Requirement): boolean {
  switch (requirement.kind) {
    case 'role':
      return auth.orgRole === requirement.role;
    case 'permission':
      return auth.orgPermissions.includes(requirement.permission);
    case 'claim':
      return claimAt(auth.claims, requirement.claim) === requirement.equals;
  }
}

/** What the declaration promises for this caller; written from the spec, not from the middleware. */
export function expectedOutcome({ access, requires }: DeclaredAccess, auth: AuthObject): Outcome {
  if (access !== 'public' && !auth.isAuthenticated) {
    // 401, or 503 when the signing keys were unavailable, 400 for malformed credentials.
    const reason = auth.reason ?? 'token-missing';
    return `${trpcCodeForReason(reason)} ${reason}`;
  }
  if (access === 'org' && auth.orgId === null) return 'FORBIDDEN no-active-organization';
  for (const requirement of requires) {
    if (!satisfies(auth, requirement)) return `FORBIDDEN ${requirement.reason}`;
  }
  return 'allowed';
}

/** Error codes a resolver raises after the access checks passed: the caller was let in. */
const PAST_THE_GATE = new Set([
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'BAD_REQUEST',
  'UNPROCESSABLE_CONTENT',
]);

async function actualOutcome(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    const result = await call();
    // A subscription hands back its stream once the gate passed; close it unread.
    if (result && typeof result === 'object' && Symbol.asyncIterator in result) {
      await (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
    }
    return 'allowed';
  } catch (thrown) {
    const error = getTRPCErrorFromUnknown(thrown);
    if (error.cause instanceof AccessDeniedError) return `${error.code} ${error.cause.reason}`;
    if (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN') return `${error.code} (no reason)`;
    if (error.cause instanceof ZodError)
      return 'ERROR invalid sample input (fix test/matrix/sample-inputs.ts)';
    if (PAST_THE_GATE.has(error.code)) return 'allowed';
    return `ERROR ${error.code}: ${error.message}`;
  }
}

export interface ProcedureReport {
  path: string;
  declared: DeclaredAccess;
  expected: Row;
  actual: Row;
}

/** Every procedure of a router by dotted path, as tRPC itself flattens them. */
export function proceduresOf(router: AnyTRPCRouter): [string, AnyProcedure][] {
  return Object.entries(router._def.procedures as Record<string, AnyProcedure>);
}

/** Calls `path` once per column and reports what was promised and what happened. */
export async function checkProcedure(
  harness: TestHarness,
  router: AnyTRPCRouter,
  path: string,
  input: unknown,
): Promise<ProcedureReport> {
  const procedure = (router._def.procedures as Record<string, AnyProcedure>)[path];
  if (!procedure) throw new Error(`No procedure at ${path}`);
  const declared = declaredAccess(procedure);
  const identities: Record<Column, TestIdentity> = {
    ...FIXED_IDENTITIES,
    entitled: entitledIdentity(declared.requires),
  };
  const expected = {} as Row;
  const actual = {} as Row;
  for (const column of COLUMNS) {
    const ctx = harness.context(identities[column]);
    expected[column] =
      declared.access === null ? 'ERROR no declared tier' : expectedOutcome(declared, ctx.auth);
    const caller = router.createCaller(ctx) as Record<string, unknown>;
    const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
    actual[column] = await actualOutcome(() =>
      harness.runInRequest(ctx, () => (fn as (i: unknown) => Promise<unknown>)(input)),
    );
  }
  return { path, declared, expected, actual };
}
