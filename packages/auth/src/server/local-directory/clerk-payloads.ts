/**
 * The `data` of Clerk's webhook events for the local directory's records, in the shapes Clerk's Backend
 * API serialises users, organizations, memberships and invitations (snake_case, epoch-ms times). The API
 * reads only a few of these fields; the rest are there so the payloads are what a Clerk endpoint gets.
 */
import { ROLE_PERMISSIONS } from '../../personas';

export type OrgRole = keyof typeof ROLE_PERMISSIONS;
export const ORG_ROLES = Object.keys(ROLE_PERMISSIONS) as OrgRole[];

export interface DirectoryUser {
  id: string;
  firstName: string;
  lastName: string | null;
  email: string;
  publicMetadata: { tier: 'free' | 'pro' };
  createdAt: number;
  updatedAt: number;
}

export interface DirectoryOrganization {
  id: string;
  name: string;
  slug: string;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface DirectoryMembership {
  id: string;
  orgId: string;
  userId: string;
  role: OrgRole;
  createdAt: number;
  updatedAt: number;
}

export interface DirectoryInvitation {
  id: string;
  orgId: string;
  emailAddress: string;
  role: OrgRole;
  status: 'pending' | 'accepted' | 'revoked';
  createdAt: number;
  updatedAt: number;
}

const emailId = (userId: string) => `idn_${userId.replace(/^user_/, '')}`;

export function userPayload(user: DirectoryUser) {
  return {
    object: 'user',
    id: user.id,
    first_name: user.firstName,
    last_name: user.lastName,
    username: null,
    image_url: '',
    has_image: false,
    primary_email_address_id: emailId(user.id),
    email_addresses: [
      {
        object: 'email_address',
        id: emailId(user.id),
        email_address: user.email,
        verification: { status: 'verified', strategy: 'admin' },
        linked_to: [],
      },
    ],
    public_metadata: user.publicMetadata,
    private_metadata: {},
    unsafe_metadata: {},
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

export function organizationPayload(org: DirectoryOrganization) {
  return {
    object: 'organization',
    id: org.id,
    name: org.name,
    slug: org.slug,
    image_url: '',
    has_image: false,
    public_metadata: {},
    private_metadata: {},
    max_allowed_memberships: 0,
    admin_delete_enabled: true,
    created_by: org.createdBy,
    created_at: org.createdAt,
    updated_at: org.updatedAt,
  };
}

export function membershipPayload(
  membership: DirectoryMembership,
  org: DirectoryOrganization,
  user: DirectoryUser,
) {
  return {
    object: 'organization_membership',
    id: membership.id,
    role: membership.role,
    role_name: roleName(membership.role),
    permissions: [...ROLE_PERMISSIONS[membership.role]],
    public_metadata: {},
    private_metadata: {},
    organization: organizationPayload(org),
    public_user_data: {
      user_id: user.id,
      identifier: user.email,
      first_name: user.firstName,
      last_name: user.lastName,
      image_url: '',
      has_image: false,
    },
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  };
}

export function invitationPayload(invitation: DirectoryInvitation) {
  return {
    object: 'organization_invitation',
    id: invitation.id,
    email_address: invitation.emailAddress,
    role: invitation.role,
    role_name: roleName(invitation.role),
    organization_id: invitation.orgId,
    status: invitation.status,
    public_metadata: {},
    private_metadata: {},
    url: null,
    created_at: invitation.createdAt,
    updated_at: invitation.updatedAt,
  };
}

export function roleName(role: OrgRole): string {
  return role === 'org:admin' ? 'Admin' : 'Member';
}
