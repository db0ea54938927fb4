/**
 * The auth object every layer agrees on: who a verified credential says the caller is. A discriminated
 * union on `tokenType`: a Clerk session (`session_token`, a person in the SPA), a machine (`api_key`,
 * `m2m_token`, `oauth_token`) or nobody (`null`, signed out). Shared by the server (built from verified
 * tokens) and by types in the contract; no runtime deps.
 */

import type { AuthFailureReason } from './reasons';

export type { AuthFailureReason };

/**
 * A check in Clerk's terms (`has()`): roles and permissions in their `org:` form, and the billing
 * features and plans of the v2 `fea` / `pla` claims (`'export'`, or scoped `'org:team'`, `'user:pro'`).
 */
export type AuthCheck =
  | { role: string; permission?: never; feature?: never; plan?: never }
  | { permission: string; role?: never; feature?: never; plan?: never }
  | { feature: string; role?: never; permission?: never; plan?: never }
  | { plan: string; role?: never; permission?: never; feature?: never };

export interface SignedInAuth {
  readonly tokenType: 'session_token';
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
  readonly tokenType: null;
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

export const MACHINE_TOKEN_TYPES = ['api_key', 'm2m_token', 'oauth_token'] as const;
/** Clerk's machine credentials: API keys (`ak_…`), M2M tokens (`mt_…` or JWT) and OAuth access tokens. */
export type MachineTokenType = (typeof MACHINE_TOKEN_TYPES)[number];

/**
 * A verified machine credential. Deliberately without `userId`, `sessionId` or an org role: a
 * procedure that may be called by a machine cannot read `ctx.auth.userId` without first narrowing on
 * `tokenType`, so no resolver mistakes an API key for a person by accident.
 */
export interface MachineAuth<TType extends MachineTokenType = MachineTokenType> {
  readonly tokenType: TType;
  readonly isAuthenticated: true;
  /** Whom the token acts for: `user_…` (a user's API key or OAuth token), `org_…` (an organization's API key) or `mch_…` (a machine). */
  readonly subject: string;
  /** The organization an `org_…` subject is; null otherwise. Never comes with a role. */
  readonly orgId: string | null;
  readonly scopes: readonly string[];
  /** The token's id at Clerk (`ak_…`, `mt_…`, `oat_…`, or a JWT's `jti`): stable, safe to log. */
  readonly tokenId: string;
  /** An API key's name; null for the other types. */
  readonly name: string | null;
  /** Expiry, epoch seconds; null for a key that never expires. */
  readonly expiresAt: number | null;
  /** The token's custom claims, if it carries any. */
  readonly claims: Readonly<Record<string, unknown>> | null;
  /** Machines hold no roles, permissions, features or plans. */
  has(check: AuthCheck): false;
}

/** A machine acting for one user (`user_…`): what a session tier that accepts machines admits. */
export interface UserMachineAuth<TType extends MachineTokenType = MachineTokenType>
  extends MachineAuth<TType> {
  readonly subject: `user_${string}`;
  readonly orgId: null;
}

/** An organization's API key (`org_…`): what `orgProcedure.or(apiKey(…))` admits. */
export interface OrgMachineAuth extends MachineAuth<'api_key'> {
  readonly subject: `org_${string}`;
  readonly orgId: string;
}

export type AuthObject = SignedInAuth | MachineAuth | SignedOutAuth;
