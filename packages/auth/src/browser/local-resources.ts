/**
 * Plain objects shaped like the clerk-js resources that `@clerk/react`'s hooks read
 * (`deriveState`, `useUser`, `useOrganization`, `useSession`): only the fields they touch, plus the
 * everyday ones an app displays. `test/browser/local-clerk.test.tsx` pins this against the installed
 * `@clerk/react`, so an upgrade that reads something new fails CI instead of the browser.
 */
import { __experimental_JWTPayloadToAuthObjectProperties as claimsToAuth } from '@clerk/shared/jwtPayloadParser';
import type { JwtPayload } from '@clerk/shared/types';
import type { GetTokenOptions } from './auth-link';
import type { DevPersona, DevPersonaMembership, MintedToken } from './dev-auth-client';

export interface LocalOrganization {
  id: string;
  name: string;
  slug: string;
  imageUrl: string;
  hasImage: boolean;
  publicMetadata: Record<string, unknown>;
}

export interface LocalMembership {
  id: string;
  organization: LocalOrganization;
  role: string;
  roleName: string;
  permissions: string[];
  publicMetadata: Record<string, unknown>;
}

export interface LocalUser {
  id: string;
  firstName: string | null;
  lastName: string | null;
  fullName: string | null;
  username: null;
  imageUrl: string;
  hasImage: boolean;
  primaryEmailAddress: { id: string; emailAddress: string } | null;
  emailAddresses: { id: string; emailAddress: string }[];
  publicMetadata: Record<string, unknown>;
  unsafeMetadata: Record<string, unknown>;
  organizationMemberships: LocalMembership[];
}

export interface LocalSession {
  id: string;
  status: 'active';
  user: LocalUser;
  actor: null;
  factorVerificationAge: null;
  lastActiveOrganizationId: string | null;
  lastActiveAt: Date;
  expireAt: Date;
  lastActiveToken: { jwt: { claims: JwtPayload }; getRawString(): string };
  getToken(options?: GetTokenOptions & { organizationId?: string | null }): Promise<string | null>;
}

export interface LocalClient {
  sessions: LocalSession[];
  signedInSessions: LocalSession[];
  activeSessions: LocalSession[];
  lastActiveSessionId: string | null;
}

export interface LocalResources {
  client: LocalClient;
  session: LocalSession | null;
  user: LocalUser | null;
  organization: LocalOrganization | null;
}

export function organizationOf(membership: DevPersonaMembership): LocalOrganization {
  return {
    id: membership.orgId,
    name: membership.orgName,
    slug: membership.orgSlug,
    imageUrl: '',
    hasImage: false,
    publicMetadata: {},
  };
}

/** Permissions of the active org come from the token exactly as Clerk reads them (`o.per`/`o.fpm`). */
export function permissionsFromClaims(claims: MintedToken['claims']): string[] {
  return claimsToAuth(claims as JwtPayload).orgPermissions ?? [];
}

export function buildUser(
  persona: DevPersona,
  activeOrgId: string | null,
  claims: MintedToken['claims'],
): LocalUser {
  const email = { id: `idn_${persona.userId}`, emailAddress: persona.email };
  return {
    id: persona.userId,
    firstName: persona.firstName,
    lastName: persona.lastName,
    fullName: persona.name,
    username: null,
    imageUrl: '',
    hasImage: false,
    primaryEmailAddress: email,
    emailAddresses: [email],
    publicMetadata: { ...persona.publicMetadata },
    unsafeMetadata: {},
    organizationMemberships: persona.memberships.map((membership) => ({
      id: `orgmem_${membership.orgId}_${persona.userId}`,
      organization: organizationOf(membership),
      role: membership.role,
      roleName: membership.role.replace(/^org:/, ''),
      // The active org's from the token (what the API enforces); the others as the issuer lists them.
      permissions:
        membership.orgId === activeOrgId
          ? permissionsFromClaims(claims)
          : [...(membership.permissions ?? [])],
      publicMetadata: {},
    })),
  };
}

export function buildSession(
  sessionId: string,
  user: LocalUser,
  organizationId: string | null,
  token: MintedToken,
  getToken: LocalSession['getToken'],
): LocalSession {
  return {
    id: sessionId,
    status: 'active',
    user,
    actor: null,
    factorVerificationAge: null,
    lastActiveOrganizationId: organizationId,
    lastActiveAt: new Date(token.receivedAtMs),
    expireAt: new Date(token.receivedAtMs + token.lifetimeMs),
    lastActiveToken: { jwt: { claims: token.claims as JwtPayload }, getRawString: () => token.raw },
    getToken,
  };
}

export function buildResources(session: LocalSession | null, organization: LocalOrganization | null) {
  const sessions = session ? [session] : [];
  return {
    client: {
      sessions,
      signedInSessions: sessions,
      activeSessions: sessions,
      lastActiveSessionId: session?.id ?? null,
    },
    session,
    user: session?.user ?? null,
    organization,
  } satisfies LocalResources;
}

/** The signed-in session as `LocalClerk` holds it: who, in which organization, with which token. */
export interface ActiveState {
  persona: DevPersona;
  orgId: string | null;
  sessionId: string;
  token: MintedToken;
}

/**
 * The resources once `state` is in use. The user object is kept unless `rebuildUser` (a sign-in or a
 * new read of the directory) and the organization object while the org is the same, so a token refresh
 * does not re-render `useUser()` and `useOrganization()` consumers.
 */
export function nextResources(
  previous: LocalResources,
  state: ActiveState,
  getToken: LocalSession['getToken'],
  rebuildUser: boolean,
): LocalResources {
  const user =
    !rebuildUser && previous.user ? previous.user : buildUser(state.persona, state.orgId, state.token.claims);
  const membership = state.persona.memberships.find((candidate) => candidate.orgId === state.orgId);
  const sameOrg = membership && previous.organization?.id === membership.orgId;
  const organization = sameOrg ? previous.organization : membership ? organizationOf(membership) : null;
  const session = buildSession(state.sessionId, user, state.orgId, state.token, getToken);
  return buildResources(session, organization);
}
