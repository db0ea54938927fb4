/**
 * The local issuer's fixed cast. Ids are stable so tests, seeds and the SPA can name them.
 * Roles are in Clerk's `org:` form; `publicMetadata` is what a Clerk session-token customisation
 * would surface as the `metadata` claim (used for tier gating); `plan` is the person's Clerk Billing
 * plan, and `ORG_PLANS` their organizations' (both reach the token as the v2 `pla` / `fea` claims).
 */
export interface PersonaMembership {
  orgId: string;
  orgSlug: string;
  orgName: string;
  role: 'org:admin' | 'org:member';
}

export interface Persona {
  userId: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  publicMetadata: { tier: 'free' | 'pro' };
  plan: UserPlan;
  memberships: readonly PersonaMembership[];
}

/**
 * Clerk Billing plans (slugs) and the features each grants, as the local issuer encodes them: Clerk's
 * default free plans, a paid user plan and a paid organization plan.
 */
export const PLAN_FEATURES = {
  free_user: [],
  pro: ['notes_stats'],
  free_org: [],
  team: ['task_summary'],
} as const satisfies Record<string, readonly string[]>;
export type PlanSlug = keyof typeof PLAN_FEATURES;
type UserPlan = 'free_user' | 'pro';

/** Each organization's plan: Acme pays for `team`, Globex is on the free plan. */
export const ORG_PLANS: Readonly<Record<string, 'free_org' | 'team'>> = {
  org_acme: 'team',
  org_globex: 'free_org',
};

const acme = { orgId: 'org_acme', orgSlug: 'acme', orgName: 'Acme' } as const;
const globex = { orgId: 'org_globex', orgSlug: 'globex', orgName: 'Globex' } as const;

export const PERSONAS = [
  {
    userId: 'user_alice',
    name: 'Alice Admin',
    firstName: 'Alice',
    lastName: 'Admin',
    email: 'alice@acme.test',
    publicMetadata: { tier: 'pro' },
    plan: 'pro',
    memberships: [
      { ...acme, role: 'org:admin' },
      { ...globex, role: 'org:member' },
    ],
  },
  {
    userId: 'user_bob',
    name: 'Bob Member',
    firstName: 'Bob',
    lastName: 'Member',
    email: 'bob@acme.test',
    publicMetadata: { tier: 'free' },
    plan: 'free_user',
    memberships: [{ ...acme, role: 'org:member' }],
  },
  {
    userId: 'user_carol',
    name: 'Carol Solo',
    firstName: 'Carol',
    lastName: 'Solo',
    email: 'carol@solo.test',
    publicMetadata: { tier: 'free' },
    plan: 'free_user',
    memberships: [],
  },
  {
    userId: 'user_dave',
    name: 'Dave Globex',
    firstName: 'Dave',
    lastName: 'Globex',
    email: 'dave@globex.test',
    publicMetadata: { tier: 'free' },
    plan: 'free_user',
    memberships: [{ ...globex, role: 'org:admin' }],
  },
] as const satisfies readonly Persona[];

export type PersonaId = (typeof PERSONAS)[number]['userId'];

/**
 * What each role may do in an organization, as Clerk custom permissions (`org:<feature>:<action>`).
 * The local issuer encodes these into the v2 `o.per` / `o.fpm` / `fea` claims exactly as Clerk does.
 */
export const ROLE_PERMISSIONS = {
  'org:admin': ['org:tasks:create', 'org:tasks:read', 'org:tasks:update', 'org:tasks:delete'],
  'org:member': ['org:tasks:create', 'org:tasks:read', 'org:tasks:update'],
} as const satisfies Record<PersonaMembership['role'], readonly `org:${string}:${string}`[]>;

export function findPersona(userId: string): Persona | undefined {
  return PERSONAS.find((persona) => persona.userId === userId);
}

/** A Clerk machine (Dashboard → Machines) of the local cast: what local M2M tokens are minted for. */
export interface MachinePersona {
  machineId: `mch_${string}`;
  name: string;
}

export const MACHINE_PERSONAS = [
  { machineId: 'mch_nightly', name: 'Nightly report' },
] as const satisfies readonly MachinePersona[];

export function findMachinePersona(machineId: string): MachinePersona | undefined {
  return MACHINE_PERSONAS.find((machine) => machine.machineId === machineId);
}
