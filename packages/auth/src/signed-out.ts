import type { AuthFailureReason, SignedOutAuth } from './types';

/** The auth object of a request without a usable credential; `reason` says why (null: none sent). */
export function signedOutAuth(reason: AuthFailureReason | null = null): SignedOutAuth {
  return {
    tokenType: null,
    isAuthenticated: false,
    userId: null,
    sessionId: null,
    orgId: null,
    orgRole: null,
    orgSlug: null,
    orgPermissions: [],
    claims: null,
    reason,
    has: () => false,
  };
}
