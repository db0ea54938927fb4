/**
 * The auth object every layer agrees on: what a verified Clerk session token says about its caller.
 * Shared by the server (built from verified claims) and by types in the contract; no runtime deps.
 */

import type { AuthFailureReason } from './reasons';

export type { AuthFailureReason };

/** A permission check in Clerk's terms: roles and permissions are compared in their `org:` form. */
export type AuthCheck = { role: string; permission?: never } | { permission: string; role?: never };

export interface SignedInAuth {
  readonly isAuthenticated: true;
  readonly userId: string;
  readonly sessionId: string;
  readonly orgId: string | null;
  readonly orgRole: string | null;
  readonly orgSlug: string | null;
  readonly orgPermissions: readonly string[];
  /** The verified token payload, for custom claims (e.g. `metadata.tier`). */
  readonly claims: Readonly<Record<string, unknown>>;
  /** Token expiry, epoch seconds. */
  readonly expiresAt: number;
  has(check: AuthCheck): boolean;
}

export interface SignedOutAuth {
  readonly isAuthenticated: false;
  readonly userId: null;
  readonly sessionId: null;
  readonly orgId: null;
  readonly orgRole: null;
  readonly orgSlug: null;
  readonly orgPermissions: readonly string[];
  readonly claims: null;
  /** Null when no credential was sent; otherwise why the credential was refused. */
  readonly reason: AuthFailureReason | null;
  has(check: AuthCheck): false;
}

/** A signed-in caller with an active organization: what `orgProcedure` guarantees. */
export interface OrgAuth extends SignedInAuth {
  readonly orgId: string;
  readonly orgRole: string;
}

export type AuthObject = SignedInAuth | SignedOutAuth;
