/**
 * The local issuer's fixed cast. Ids are stable so tests, seeds and the SPA can name them.
 * Roles are in Clerk's `org:` form; `publicMetadata` is what a Clerk session-token customisation
 * would surface as the `metadata` claim (used for tier gating).
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
  memberships: readonly PersonaMembership[];
}

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
    memberships: [{ ...acme, role: 'org:member' }],
  },
  {
    userId: 'user_carol',
    name: 'Carol Solo',
    firstName: 'Carol',
    lastName: 'Solo',
    email: 'carol@solo.test',
    publicMetadata: { tier: 'free' },
    memberships: [],
  },
  {
    userId: 'user_dave',
    name: 'Dave Globex',
    firstName: 'Dave',
    lastName: 'Globex',
    email: 'dave@globex.test',
    publicMetadata: { tier: 'free' },
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
