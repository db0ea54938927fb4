/**
 * The directory as its HTTP face shows it: people in the personas' shape (the sign-in screen, the
 * local Clerk's user and memberships, token minting), and one organization's members and invitations.
 */
import { findPersona, type Persona, ROLE_PERMISSIONS } from '../../personas';
import { DirectoryError } from './accounts';
import { type DirectoryUser, type OrgRole, roleName } from './clerk-payloads';
import { type DirectoryState, membershipKey } from './directory-state';

export interface PersonMembership {
  orgId: string;
  orgSlug: string;
  orgName: string;
  role: OrgRole;
  permissions: readonly string[];
}

export interface PersonInvitation {
  id: string;
  orgId: string;
  orgName: string;
  role: OrgRole;
}

/** A person of the directory: a persona, or someone who signed up (free plan, free tier). */
export interface DirectoryPerson {
  userId: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  imageUrl: null;
  publicMetadata: Persona['publicMetadata'];
  plan: Persona['plan'];
  memberships: PersonMembership[];
  /** Pending invitations to organizations, sent to this person's email address. */
  invitations: PersonInvitation[];
}

const fullName = (user: Pick<DirectoryUser, 'firstName' | 'lastName'>) =>
  [user.firstName, user.lastName].filter(Boolean).join(' ');

export function personOf(state: DirectoryState, userId: string): DirectoryPerson | undefined {
  const user = state.users.get(userId);
  if (!user) return undefined;
  const orgName = (orgId: string) => state.organizations.get(orgId)?.name ?? orgId;
  const memberships = [...state.memberships.values()]
    .filter((m) => m.userId === userId && state.organizations.has(m.orgId))
    .map((m) => {
      const org = state.organizations.get(m.orgId)!;
      return {
        orgId: org.id,
        orgSlug: org.slug,
        orgName: org.name,
        role: m.role,
        permissions: ROLE_PERMISSIONS[m.role],
      };
    });
  const email = user.email.toLowerCase();
  const invitations = [...state.invitations.values()]
    .filter((i) => i.status === 'pending' && i.emailAddress.toLowerCase() === email)
    .filter((i) => !state.memberships.has(membershipKey(i.orgId, userId)))
    .map((i) => ({ id: i.id, orgId: i.orgId, orgName: orgName(i.orgId), role: i.role }));
  return {
    userId,
    name: fullName(user),
    firstName: user.firstName,
    lastName: user.lastName ?? '',
    email: user.email,
    imageUrl: null,
    publicMetadata: user.publicMetadata,
    plan: findPersona(userId)?.plan ?? 'free_user',
    memberships,
    invitations,
  };
}

export function people(state: DirectoryState): DirectoryPerson[] {
  return [...state.users.keys()].map((userId) => personOf(state, userId)!);
}

/** What `<OrganizationProfile>` shows: members with roles, pending invitations. Members only. */
export function organizationView(state: DirectoryState, orgId: string, actorId: string) {
  const org = state.organizations.get(orgId);
  if (!org || !state.memberships.has(membershipKey(orgId, actorId))) {
    throw new DirectoryError('not-a-member', 403, `${actorId} is not a member of ${orgId}`);
  }
  const members = [...state.memberships.values()]
    .filter((m) => m.orgId === orgId)
    .map((m) => {
      const user = state.users.get(m.userId);
      return {
        userId: m.userId,
        name: user ? fullName(user) : m.userId,
        email: user?.email ?? null,
        role: m.role,
        roleName: roleName(m.role),
        joinedAt: m.createdAt,
      };
    });
  const invitations = [...state.invitations.values()]
    .filter((i) => i.orgId === orgId && i.status === 'pending')
    .map((i) => ({ id: i.id, emailAddress: i.emailAddress, role: i.role, createdAt: i.createdAt }));
  return { id: org.id, name: org.name, slug: org.slug, members, invitations };
}
export type OrganizationView = ReturnType<typeof organizationView>;
