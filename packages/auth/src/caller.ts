/**
 * Who is calling, read the same way everywhere (resolvers, logs, rate limits) whatever the credential.
 * Node-free: the contract and the SPA's types import it.
 */
import type { AuthObject, MachineAuth, SignedInAuth, UserMachineAuth } from './types';

/** What an id's prefix says it is: Clerk's `user_…`, `org_…` and `mch_…`. */
export type SubjectKind = 'user' | 'org' | 'machine';

export function subjectKindOf(subject: string): SubjectKind | null {
  if (subject.startsWith('user_')) return 'user';
  if (subject.startsWith('org_')) return 'org';
  if (subject.startsWith('mch_')) return 'machine';
  return null;
}

/** The user a call acts for: the session's user, or the user an API key / OAuth token belongs to. */
export function actingUserId(auth: SignedInAuth | UserMachineAuth): string {
  return auth.tokenType === 'session_token' ? auth.userId : auth.subject;
}

/** Who did it, for audit columns: the session's user, or the machine credential's id (`ak_…`, …). */
export function actorId(auth: SignedInAuth | MachineAuth): string {
  return auth.tokenType === 'session_token' ? auth.userId : auth.tokenId;
}

export interface CallerIds {
  /** The person: a session's user, or the `user_…` subject of a user's machine credential. */
  userId: string | null;
  orgId: string | null;
  /** Set for machine credentials only: `<tokenType>:<tokenId>`. */
  machine: string | null;
}

const NOBODY: CallerIds = Object.freeze({ userId: null, orgId: null, machine: null });

/** Identifiers only (never a token or a claim), for log lines and traces. */
export function callerIds(auth: AuthObject | null | undefined): CallerIds {
  if (!auth?.isAuthenticated) return NOBODY;
  if (auth.tokenType === 'session_token') return { userId: auth.userId, orgId: auth.orgId, machine: null };
  return {
    userId: subjectKindOf(auth.subject) === 'user' ? auth.subject : null,
    orgId: auth.orgId,
    machine: `${auth.tokenType}:${auth.tokenId}`,
  };
}

/**
 * The rate-limit principal: a session's user, or a machine credential's subject — so a user's API key
 * shares its user's budget, and a leaked key cannot escape its limit by changing IP. Null: signed out.
 */
export function principalKey(auth: AuthObject | null | undefined): string | null {
  if (!auth?.isAuthenticated) return null;
  if (auth.tokenType === 'session_token') return `user:${auth.userId}`;
  return `${subjectKindOf(auth.subject) ?? 'subject'}:${auth.subject}`;
}

/**
 * The caller as span attributes (`gatehouse.caller.*`): identifiers only, as in `callerIds`, plus how
 * the request authenticated — a refused token's reason, or the machine credential's subject and kind.
 */
export function callerAttributes(auth: AuthObject | null | undefined): Record<string, string> {
  if (!auth) return {};
  if (!auth.isAuthenticated) {
    return auth.reason
      ? { 'gatehouse.caller.auth': 'refused', 'gatehouse.caller.auth_reason': auth.reason }
      : {};
  }
  const { userId, orgId } = callerIds(auth);
  return {
    'gatehouse.caller.auth': auth.tokenType,
    ...(userId ? { 'gatehouse.caller.user_id': userId } : {}),
    ...(orgId ? { 'gatehouse.caller.org_id': orgId } : {}),
    ...(auth.tokenType === 'session_token'
      ? {}
      : { 'gatehouse.caller.machine_subject': auth.subject, 'gatehouse.caller.machine_id': auth.tokenId }),
  };
}
