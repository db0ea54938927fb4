/**
 * The auth matrix: for each procedure, what each kind of caller should get according to the procedure's
 * declaration (`declaredAccess`: the tier in `meta.access` plus the requirements it `.use()`s), and what
 * it actually gets when called through the real middleware stack. Used by matrix.test.ts on the app
 * router and by matrix-self.test.ts on a fixture of deliberately wrong procedures.
 */
import { type AuthObject, type MachineAuth, subjectKindOf, trpcCodeForReason } from '@gatehouse/auth';
import { type AnyProcedure, type AnyTRPCRouter, getTRPCErrorFromUnknown } from '@trpc/server';
import { ZodError } from 'zod';
import { AccessDeniedError } from '../../src';
import { claimAt, type DeclaredAccess, declaredAccess, type Requirement } from '../../src/access';
import type { DeclaredMachineGrant } from '../../src/machine-access';
import type { MachineIdentity, TestHarness, TestIdentity } from '../../src/testing';

/**
 * The columns. `entitled` holds every role, permission, claim, feature and plan the procedure declares;
 * the machine columns hold every scope the procedure declares for their kind of credential, and
 * `scopeless machine` is the first declared kind (else an org's API key) holding none.
 */
export const COLUMNS = [
  'signed out',
  'no org',
  'org member',
  'org admin',
  'org API key',
  'user API key',
  'M2M token',
  'OAuth token',
  'entitled',
  'scopeless machine',
] as const;
export type Column = (typeof COLUMNS)[number];

export const FIXED_IDENTITIES = {
  'signed out': { signedOut: true },
  'no org': { persona: 'carol' }, // signed in, in no organization
  'org member': { persona: 'bob' }, // org:member of org_acme, free plan
  'org admin': { persona: 'alice' }, // org:admin of org_acme, pro plan, Acme on the team plan
} satisfies Record<string, TestIdentity>;

/** The machine columns: which credential, for whom. */
export const MACHINE_COLUMNS: Record<
  'org API key' | 'user API key' | 'M2M token' | 'OAuth token',
  MachineIdentity
> = {
  'org API key': { machine: 'api_key', subject: 'org_acme' },
  'user API key': { machine: 'api_key', subject: 'user_bob' },
  'M2M token': { machine: 'm2m_token', subject: 'mch_nightly' },
  'OAuth token': { machine: 'oauth_token', subject: 'user_bob' },
};

/** Billing requirements as the token carries them: `pro` → `u:pro`, `org:team` → `o:team`. */
function scoped(value: string, tier: DeclaredAccess['access']): string[] {
  const [scope, id] = value.split(':');
  if (id !== undefined) return [`${scope === 'org' || scope === 'o' ? 'o' : 'u'}:${id}`];
  return tier === 'org' ? [`o:${value}`] : [`u:${value}`];
}

/** A caller holding exactly what `requires` asks for, on top of an org admin's session. */
function entitledIdentity({ requires, access }: DeclaredAccess): TestIdentity {
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
    features: requires.flatMap((r) => (r.kind === 'feature' ? scoped(r.feature, access) : [])),
    plans: requires.flatMap((r) => (r.kind === 'plan' ? scoped(r.plan, access) : [])),
    claims,
  };
}

const grantsFor = (machines: readonly DeclaredMachineGrant[], identity: MachineIdentity) =>
  machines.filter(
    (grant) =>
      grant.tokenType === identity.machine &&
      (grant.subject === 'any' || grant.subject === subjectKindOf(identity.subject)),
  );

type MachineColumn = keyof typeof MACHINE_COLUMNS;

/** The machine columns of a procedure: each holding every scope declared for its kind. */
function machineIdentities({
  machines,
}: DeclaredAccess): Record<MachineColumn | 'scopeless machine', TestIdentity> {
  const holding = (identity: MachineIdentity): MachineIdentity => ({
    ...identity,
    scopes: grantsFor(machines, identity).flatMap((grant) => grant.scopes),
  });
  const first = machines[0];
  const scopeless = first
    ? Object.values(MACHINE_COLUMNS).find((identity) => grantsFor([first], identity).length > 0)
    : undefined;
  return {
    'org API key': holding(MACHINE_COLUMNS['org API key']),
    'user API key': holding(MACHINE_COLUMNS['user API key']),
    'M2M token': holding(MACHINE_COLUMNS['M2M token']),
    'OAuth token': holding(MACHINE_COLUMNS['OAuth token']),
    'scopeless machine': { ...(scopeless ?? MACHINE_COLUMNS['org API key']), scopes: [] },
  };
}

/** Who calls a procedure in each column, given what it declares. */
export function identitiesFor(declared: DeclaredAccess): Record<Column, TestIdentity> {
  return { ...FIXED_IDENTITIES, ...machineIdentities(declared), entitled: entitledIdentity(declared) };
}

/**
 * `allowed` (the access checks passed: a NOT_FOUND or CONFLICT from the resolver still counts),
 * `<tRPC code> <reason>` for a denial, or `ERROR …` for anything the matrix cannot accept.
 */
export type Outcome = string;
export type Row = Record<Column, Outcome>;

const listed = (claim: unknown) => (typeof claim === 'string' ? claim.split(',') : []);

function billingHolds(claim: unknown, wanted: string): boolean {
  const held = listed(claim);
  if (wanted.includes(':')) return scoped(wanted, null).every((value) => held.includes(value));
  return held.includes(`u:${wanted}`) || held.includes(`o:${wanted}`);
}

function satisfies(auth: AuthObject, requirement: Requirement): boolean {
  if (auth.tokenType !== 'session_token') return false; // machines hold no role, claim or plan
  switch (requirement.kind) {
    case 'role':
      return auth.orgRole === requirement.role;
    case 'permission':
      return auth.orgPermissions.includes(requirement.permission);
    case 'claim':
      return claimAt(auth.claims, requirement.claim) === requirement.equals;
    case 'feature':
      return billingHolds(auth.claims.fea, requirement.feature);
    case 'plan':
      return billingHolds(auth.claims.pla, requirement.plan);
  }
}

/** A machine credential at a tier: its kind must be declared, and one declaration's scopes all held. */
function machineOutcome(declared: DeclaredAccess, auth: MachineAuth): Outcome | null {
  if (declared.access === 'public') return null;
  const identity = { machine: auth.tokenType, subject: auth.subject };
  const grants = grantsFor(declared.machines, identity);
  if (grants.length === 0) return 'UNAUTHORIZED machine-token-not-accepted';
  if (!grants.some((grant) => grant.scopes.every((scope) => auth.scopes.includes(scope)))) {
    return 'FORBIDDEN missing-scope';
  }
  return null;
}

/** What the declaration promises for this caller; written from the spec, not from the middleware. */
export function expectedOutcome(declared: DeclaredAccess, auth: AuthObject): Outcome {
  const { access, requires } = declared;
  if (access !== 'public' && !auth.isAuthenticated) {
    // 401, or 503 when the signing keys or Clerk were unavailable, 400 for malformed credentials.
    const reason = auth.reason ?? 'token-missing';
    return `${trpcCodeForReason(reason)} ${reason}`;
  }
  if (auth.isAuthenticated && auth.tokenType !== 'session_token') {
    const refused = machineOutcome(declared, auth);
    if (refused) return refused;
  } else if (auth.isAuthenticated) {
    if (access === 'machine') return 'UNAUTHORIZED session-token-not-accepted';
    if (access === 'org' && auth.orgId === null) return 'FORBIDDEN no-active-organization';
  }
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
  const identities = identitiesFor(declared);
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
