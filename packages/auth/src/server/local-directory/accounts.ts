/**
 * What people do in the local directory, with the rules Clerk applies: anyone may sign up (a free email
 * address) and create an organization (becoming its admin); only an organization's admins invite,
 * change roles and remove members; an invitation is accepted by the person it was sent to; an
 * organization always keeps an admin. Refusals are `DirectoryError`s carrying an API reason.
 */
import type { RequestRefusalReason } from '../../reasons';
import type { DirectoryOrganization, DirectoryUser, OrgRole } from './clerk-payloads';
import type { LocalDirectory } from './directory';
import { type DirectoryState, membershipKey } from './directory-state';

export class DirectoryError extends Error {
  constructor(
    readonly reason: RequestRefusalReason,
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'DirectoryError';
  }
}

const normalEmail = (email: string) => email.trim().toLowerCase();

function slugOf(name: string, taken: (slug: string) => boolean): string {
  const base =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'org';
  let slug = base;
  for (let n = 2; taken(slug); n++) slug = `${base}-${n}`;
  return slug;
}

function userByEmail(state: DirectoryState, email: string): DirectoryUser | undefined {
  const wanted = normalEmail(email);
  return [...state.users.values()].find((user) => normalEmail(user.email) === wanted);
}

function organizationOf(state: DirectoryState, orgId: string): DirectoryOrganization {
  const org = state.organizations.get(orgId);
  if (!org) throw new DirectoryError('unknown-organization', 404, `No organization ${orgId}`);
  return org;
}

function requireAdmin(state: DirectoryState, orgId: string, actorId: string): DirectoryOrganization {
  const org = organizationOf(state, orgId);
  if (state.memberships.get(membershipKey(orgId, actorId))?.role !== 'org:admin') {
    throw new DirectoryError('not-an-admin', 403, `Only admins of ${org.name} can manage its members`);
  }
  return org;
}

function adminsOf(state: DirectoryState, orgId: string): number {
  return [...state.memberships.values()].filter((m) => m.orgId === orgId && m.role === 'org:admin').length;
}

export function signUp(
  directory: LocalDirectory,
  input: { firstName: string; lastName: string | null; email: string },
): Promise<DirectoryUser> {
  return directory.change((state, record) => {
    if (userByEmail(state, input.email)) {
      throw new DirectoryError('email-taken', 409, `${input.email} is already signed up`);
    }
    return record.user({
      id: record.newId('user'),
      firstName: input.firstName.trim(),
      lastName: input.lastName?.trim() || null,
      email: input.email.trim(),
      publicMetadata: { tier: 'free' },
    });
  });
}

export function createOrganization(
  directory: LocalDirectory,
  actorId: string,
  name: string,
): Promise<DirectoryOrganization> {
  return directory.change((state, record) => {
    if (!state.users.has(actorId)) throw new DirectoryError('unknown-user', 404, `No user ${actorId}`);
    const taken = new Set([...state.organizations.values()].map((org) => org.slug));
    const org = record.organization({
      id: record.newId('org'),
      name: name.trim(),
      slug: slugOf(name, (slug) => taken.has(slug)),
      createdBy: actorId,
    });
    record.membership(org.id, actorId, 'org:admin', 'created');
    return org;
  });
}

export function invite(
  directory: LocalDirectory,
  actorId: string,
  input: { orgId: string; emailAddress: string; role: OrgRole },
) {
  return directory.change((state, record) => {
    const org = requireAdmin(state, input.orgId, actorId);
    const invitee = userByEmail(state, input.emailAddress);
    if (!invitee) {
      throw new DirectoryError(
        'unknown-user',
        404,
        `Nobody has signed up with ${input.emailAddress}: local mode invites existing users only`,
      );
    }
    if (state.memberships.has(membershipKey(org.id, invitee.id))) {
      throw new DirectoryError('already-a-member', 409, `${input.emailAddress} is already in ${org.name}`);
    }
    return record.invitation(
      {
        id: record.newId('orginv'),
        orgId: org.id,
        emailAddress: invitee.email,
        role: input.role,
        status: 'pending',
      },
      'created',
    );
  });
}

export function acceptInvitation(directory: LocalDirectory, actorId: string, invitationId: string) {
  return directory.change((state, record) => {
    const invitation = state.invitations.get(invitationId);
    const actor = state.users.get(actorId);
    if (invitation?.status !== 'pending' || !actor || !sameEmail(actor, invitation)) {
      throw new DirectoryError('unknown-invitation', 404, 'No pending invitation of yours with that id');
    }
    const org = organizationOf(state, invitation.orgId);
    record.invitation({ ...invitation, status: 'accepted' }, 'accepted');
    if (!state.memberships.has(membershipKey(org.id, actorId))) {
      record.membership(org.id, actorId, invitation.role, 'created');
    }
    return org;
  });
}

const sameEmail = (user: DirectoryUser, invitation: { emailAddress: string }) =>
  normalEmail(user.email) === normalEmail(invitation.emailAddress);

/** Changes a member's role; an organization must keep one admin. */
export function setRole(
  directory: LocalDirectory,
  actorId: string,
  input: { orgId: string; userId: string; role: OrgRole },
) {
  return directory.change((state, record) => {
    requireAdmin(state, input.orgId, actorId);
    const membership = memberOf(state, input.orgId, input.userId);
    if (membership.role === input.role) return;
    if (membership.role === 'org:admin' && adminsOf(state, input.orgId) === 1) {
      throw new DirectoryError('last-admin', 409, 'An organization needs at least one admin');
    }
    record.membership(input.orgId, input.userId, input.role, 'updated');
  });
}

/** Removes a member (admins), or leaves (anyone, themselves); never the last admin. */
export function removeMember(
  directory: LocalDirectory,
  actorId: string,
  input: { orgId: string; userId: string },
) {
  return directory.change((state, record) => {
    if (actorId !== input.userId) requireAdmin(state, input.orgId, actorId);
    const membership = memberOf(state, input.orgId, input.userId);
    if (membership.role === 'org:admin' && adminsOf(state, input.orgId) === 1) {
      throw new DirectoryError('last-admin', 409, 'An organization needs at least one admin');
    }
    record.membership(input.orgId, input.userId, membership.role, 'deleted');
  });
}

function memberOf(state: DirectoryState, orgId: string, userId: string) {
  const membership = state.memberships.get(membershipKey(orgId, userId));
  if (!membership) throw new DirectoryError('unknown-user', 404, `${userId} is not a member of ${orgId}`);
  return membership;
}
