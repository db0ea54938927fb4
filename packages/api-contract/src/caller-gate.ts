/**
 * The decision every ladder tier makes about its caller, apart from tRPC so it reads as one function:
 * signed out → the credential's reason; a session → the tier's rules; a machine → its grants.
 */
import {
  type AccessDeniedReason,
  type AuthFailureCode,
  type AuthFailureReason,
  type AuthObject,
  type MachineAuth,
  subjectKindOf,
  trpcCodeForReason,
} from '@gatehouse/auth';
import { type DeclaredMachineGrant, describeGrant } from './machine-access';

export type GateTier = 'protected' | 'org' | 'machine';

export interface Denial {
  code: AuthFailureCode | 'FORBIDDEN';
  reason: AuthFailureReason | AccessDeniedReason;
  message: string;
}

const SIGNED_OUT_MESSAGES: Record<AuthFailureCode, string> = {
  UNAUTHORIZED: 'Sign in to call this procedure',
  SERVICE_UNAVAILABLE: 'Authentication is temporarily unavailable; try again shortly',
  BAD_REQUEST: 'Malformed credentials',
};

function machineDenial(auth: MachineAuth, grants: readonly DeclaredMachineGrant[]): Denial | null {
  const kind = subjectKindOf(auth.subject);
  const ofKind = grants.filter(
    (grant) => grant.tokenType === auth.tokenType && (grant.subject === 'any' || grant.subject === kind),
  );
  if (ofKind.length === 0) {
    const accepted = grants.map(describeGrant).join('; ') || 'no machine credentials';
    return { code: 'UNAUTHORIZED', reason: 'machine-token-not-accepted', message: `Accepts ${accepted}` };
  }
  if (ofKind.some((grant) => grant.scopes.every((scope) => auth.scopes.includes(scope)))) return null;
  const needed = ofKind.map((grant) => grant.scopes.join(' + ')).join(' or ');
  return { code: 'FORBIDDEN', reason: 'missing-scope', message: `Requires scope ${needed}` };
}

/** Null: the caller may pass. Otherwise what to refuse it with (401/403/503/400). */
export function denialFor(
  auth: AuthObject,
  tier: GateTier,
  grants: readonly DeclaredMachineGrant[],
): Denial | null {
  if (!auth.isAuthenticated) {
    // 401 with the token's reason, 503 when keys or Clerk's Backend API were unavailable, 400 malformed.
    const reason = auth.reason ?? 'token-missing';
    const code = trpcCodeForReason(reason);
    const presented = code === 'UNAUTHORIZED' && reason !== 'token-missing';
    return {
      code,
      reason,
      message: presented ? 'The credential was not accepted' : SIGNED_OUT_MESSAGES[code],
    };
  }
  if (auth.tokenType !== 'session_token') return machineDenial(auth, grants);
  if (tier === 'machine') {
    return {
      code: 'UNAUTHORIZED',
      reason: 'session-token-not-accepted',
      message: 'Only machine credentials may call this procedure',
    };
  }
  if (tier === 'org' && (auth.orgId === null || auth.orgRole === null)) {
    return {
      code: 'FORBIDDEN',
      reason: 'no-active-organization',
      message: 'Choose an organization to call this procedure',
    };
  }
  return null;
}
