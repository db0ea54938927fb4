/**
 * Who a test caller is, turned into the auth object a verified request would carry. No mock of the auth
 * logic: the claims are Clerk v2 session claims exactly as the local issuer mints them (`sessionClaims`,
 * `personaSessionClaims`), and `authObjectFromClaims` — the function the verifier runs after checking a
 * signature — builds the auth object, `has()` included.
 */
import {
  type AuthFailureReason,
  type AuthObject,
  findPersona,
  type MachineAuth,
  type MachineTokenType,
  type PersonaId,
  type SignedInAuth,
  type SignedOutAuth,
  signedOutAuth,
} from '@gatehouse/auth';
import {
  authObjectFromClaims,
  LOCAL_ISSUER,
  machineAuthFrom,
  personaSessionClaims,
  type SessionOrg,
  sessionClaims,
} from '@gatehouse/auth/server';

/** `'alice'` for `user_alice`: the personas of the local issuer (see PERSONAS in @gatehouse/auth). */
export type PersonaName = PersonaId extends `user_${infer Name}` ? Name : never;

/** The SPA's origin, as `azp` of every test token (what the local issuer sets in `pnpm dev`). */
const TEST_AUTHORIZED_PARTY = 'http://localhost:5173';

// Each shape forbids the others' keys (`?: never`), so `{ persona, userId }` is a type error, not a guess.
export interface SignedOutIdentity {
  signedOut: true;
  persona?: never;
  userId?: never;
  machine?: never;
  /** Why the request is signed out; null (the default) means no credential was sent. */
  reason?: AuthFailureReason | null;
}

export interface PersonaIdentity {
  persona: PersonaName;
  signedOut?: never;
  userId?: never;
  machine?: never;
  /** Active organization: the persona's first membership by default; `null` for none. */
  orgId?: string | null;
  /** Custom claims merged over the persona's (e.g. `{ metadata: { tier: 'pro' } }`). */
  claims?: Record<string, unknown>;
}

export interface CustomIdentity {
  userId: string;
  signedOut?: never;
  persona?: never;
  machine?: never;
  /** Active organization; none by default. */
  orgId?: string;
  /** In Clerk's `org:` form; `org:member` by default when `orgId` is set. */
  orgRole?: `org:${string}`;
  /** `org_acme` → `acme` by default. */
  orgSlug?: string;
  /** `org:<feature>:<action>` permissions, encoded into v2 `fea` / `o.per` / `o.fpm`. */
  orgPermissions?: readonly string[];
  /** Clerk Billing, scoped as in the token: plans `['u:pro']`, features `['o:task_summary']`. */
  plans?: readonly string[];
  features?: readonly string[];
  claims?: Record<string, unknown>;
}

/** A verified machine credential: `{ machine: 'api_key', subject: 'org_acme', scopes: ['tasks:read'] }`. */
export interface MachineIdentity {
  machine: MachineTokenType;
  /** `user_…` / `org_…` for API keys, `user_…` for OAuth tokens, `mch_…` for M2M tokens. */
  subject: string;
  scopes?: readonly string[];
  /** The credential's id; a fixed one per type by default. */
  tokenId?: string;
  signedOut?: never;
  persona?: never;
  userId?: never;
}

export type TestIdentity = SignedOutIdentity | PersonaIdentity | CustomIdentity | MachineIdentity;

let sessionCounter = 0;

/** What every test token shares: a session of its own, from the local issuer, for the SPA's origin. */
const testSession = () => ({
  sessionId: `sess_test_${++sessionCounter}`,
  issuer: LOCAL_ISSUER,
  authorizedParty: TEST_AUTHORIZED_PARTY,
});

function personaClaims(identity: PersonaIdentity): Record<string, unknown> {
  const userId = `user_${identity.persona}`;
  const firstOrg = findPersona(userId)?.memberships[0]?.orgId ?? null;
  const orgId = identity.orgId === undefined ? firstOrg : identity.orgId;
  // Throws NotAMemberError for an org the persona does not belong to: a test bug, said loudly.
  return personaSessionClaims({ ...testSession(), userId, orgId, claims: identity.claims });
}

function customClaims(identity: CustomIdentity) {
  const { userId, orgId, orgRole, orgSlug, orgPermissions, plans, features, claims } = identity;
  const org: SessionOrg | null = orgId
    ? {
        id: orgId,
        role: orgRole ?? 'org:member',
        slug: orgSlug ?? orgId.replace(/^org_/, ''),
        permissions: orgPermissions ?? [],
      }
    : null;
  return sessionClaims({ ...testSession(), userId, org, billing: { plans, features }, claims });
}

const TEST_TOKEN_IDS: Record<MachineTokenType, string> = {
  api_key: 'ak_id_test',
  m2m_token: 'mt_test',
  oauth_token: 'oat_test',
};

/** The auth object a verified request by `identity` carries (built as the verifiers build it). */
export function authFor(identity: MachineIdentity): MachineAuth;
export function authFor(identity: SignedOutIdentity): SignedOutAuth;
export function authFor(identity: PersonaIdentity | CustomIdentity): SignedInAuth;
export function authFor(identity: TestIdentity): AuthObject;
export function authFor(identity: TestIdentity): AuthObject {
  if (identity.signedOut) return signedOutAuth(identity.reason ?? null);
  if (identity.machine) {
    const { machine, subject, scopes = [], tokenId = TEST_TOKEN_IDS[machine] } = identity;
    return machineAuthFrom({ tokenType: machine, id: tokenId, subject, scopes, expirationMs: null });
  }
  return authObjectFromClaims(identity.persona ? personaClaims(identity) : customClaims(identity));
}
