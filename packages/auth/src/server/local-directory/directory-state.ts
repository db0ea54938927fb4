/**
 * The local directory is its event log: every change is stored as the Clerk webhook event that announces
 * it, and the current users, organizations, memberships and invitations are those events folded in
 * order. One record of truth, so what the API is sent is exactly what the issuer's tokens follow.
 */
import type {
  DirectoryInvitation,
  DirectoryMembership,
  DirectoryOrganization,
  DirectoryUser,
  OrgRole,
} from './clerk-payloads';

/** A Clerk webhook event as the directory stores it; `id` becomes the delivery's `svix-id`. */
export interface DirectoryEvent {
  id: string;
  type: string;
  /** Epoch ms, Clerk's event `timestamp`. */
  timestamp: number;
  data: Record<string, unknown>;
}

export interface DirectoryState {
  users: Map<string, DirectoryUser>;
  organizations: Map<string, DirectoryOrganization>;
  /** Keyed `orgId userId`. */
  memberships: Map<string, DirectoryMembership>;
  invitations: Map<string, DirectoryInvitation>;
}

export const membershipKey = (orgId: string, userId: string) => `${orgId} ${userId}`;

export function emptyState(): DirectoryState {
  return { users: new Map(), organizations: new Map(), memberships: new Map(), invitations: new Map() };
}

// biome-ignore lint/suspicious/noExplicitAny: the fold reads back only events this directory wrote
type Data = Record<string, any>;

function organizationOf(data: Data): DirectoryOrganization {
  return {
    id: data.id,
    name: data.name,
    slug: data.slug,
    createdBy: data.created_by ?? null,
    createdAt: data.created_at,
    updatedAt: data.updated_at,
  };
}

export function applyEvent(state: DirectoryState, event: DirectoryEvent): void {
  const data = event.data as Data;
  switch (event.type) {
    case 'user.created':
    case 'user.updated':
      state.users.set(data.id, {
        id: data.id,
        firstName: data.first_name,
        lastName: data.last_name,
        email: data.email_addresses[0].email_address,
        publicMetadata: data.public_metadata,
        createdAt: data.created_at,
        updatedAt: data.updated_at,
      });
      return;
    case 'organization.created':
    case 'organization.updated':
      state.organizations.set(data.id, organizationOf(data));
      return;
    case 'organizationMembership.created':
    case 'organizationMembership.updated': {
      const orgId = data.organization.id as string;
      const userId = data.public_user_data.user_id as string;
      state.memberships.set(membershipKey(orgId, userId), {
        id: data.id,
        orgId,
        userId,
        role: data.role as OrgRole,
        createdAt: data.created_at,
        updatedAt: data.updated_at,
      });
      return;
    }
    case 'organizationMembership.deleted':
      state.memberships.delete(membershipKey(data.organization.id, data.public_user_data.user_id));
      return;
    case 'organizationInvitation.created':
    case 'organizationInvitation.accepted':
    case 'organizationInvitation.revoked':
      state.invitations.set(data.id, {
        id: data.id,
        orgId: data.organization_id,
        emailAddress: data.email_address,
        role: data.role,
        status: data.status,
        createdAt: data.created_at,
        updatedAt: data.updated_at,
      });
      return;
  }
}
