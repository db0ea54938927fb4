/** What the API's `/dev/auth` answers, as the browser reads it (see the API's routes/dev-auth*.ts). */
import type { JWTPayload } from 'jose';
import type { Persona, PersonaMembership } from '../personas';

/** A persona as `GET /dev/auth/personas` lists it: memberships may carry the role's permissions. */
export interface DevPersonaMembership extends PersonaMembership {
  permissions?: readonly string[];
}
/** A pending invitation to an organization, sent to the person's email address. */
export interface DevInvitation {
  id: string;
  orgId: string;
  orgName: string;
  role: PersonaMembership['role'];
}
export interface DevPersona extends Omit<Persona, 'memberships'> {
  memberships: readonly DevPersonaMembership[];
  invitations?: readonly DevInvitation[];
}

/** An organization as its members see it (`GET /dev/auth/organizations/:orgId`). */
export interface DevOrganization {
  id: string;
  name: string;
  slug: string;
  members: {
    userId: string;
    name: string;
    email: string | null;
    role: PersonaMembership['role'];
    roleName: string;
    joinedAt: number;
  }[];
  invitations: { id: string; emailAddress: string; role: PersonaMembership['role']; createdAt: number }[];
}

export interface SignUpInput {
  firstName: string;
  lastName?: string;
  emailAddress: string;
}

export interface MintedToken {
  raw: string;
  /** The session this token belongs to (`sid`): pass it back to refresh instead of signing in again. */
  sessionId: string;
  claims: JWTPayload;
  /** Local clock when the token arrived, and its lifetime by the issuer's clock (exp - iat). */
  receivedAtMs: number;
  lifetimeMs: number;
}

/** An API key as `GET /dev/auth/api-keys` lists it (never its secret). */
export interface DevApiKey {
  id: string;
  name: string;
  subject: string;
  scopes: string[];
  /** Epoch ms. */
  createdAt: number;
  revoked: boolean;
}
