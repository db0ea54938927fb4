import type { AuthFailureReason } from '@gatehouse/auth';
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';

/** Why the user was signed out, shown on the sign-in screen; lives above the auth provider. */
interface SessionNotice {
  notice: string | null;
  setNotice: (notice: string | null) => void;
}

const SessionNoticeContext = createContext<SessionNotice>({ notice: null, setNotice: () => {} });

export function SessionNoticeProvider({ children }: { children: ReactNode }) {
  const [notice, setNotice] = useState<string | null>(null);
  const value = useMemo(() => ({ notice, setNotice }), [notice]);
  return <SessionNoticeContext.Provider value={value}>{children}</SessionNoticeContext.Provider>;
}

export function useSessionNotice(): SessionNotice {
  return useContext(SessionNoticeContext);
}

/**
 * The message for a 401 that the auth link could not fix (see FRESH_TOKEN_CAN_HELP). Exhaustive: a
 * reason added to AUTH_FAILURE_REASONS does not compile until it is given its message here.
 */
export function signedOutBecause(reason: AuthFailureReason | null): string {
  switch (reason) {
    case 'token-expired':
      return 'Your session expired and could not be renewed. Please sign in again.';
    case 'token-invalid-authorized-party':
      return 'The API does not accept sessions from this site (token-invalid-authorized-party). Check the API’s CORS_ORIGINS.';
    case 'token-not-active-yet':
    case 'token-iat-in-the-future':
      return `The API and the token issuer disagree about the time (${reason}). Check the clocks, then sign in again.`;
    case 'jwks-unavailable':
    case 'machine-verification-unavailable':
      return `The API cannot check sessions right now (${reason}). Try signing in again in a moment.`;
    case 'token-missing':
    case null:
      return 'The API no longer accepts your session. Please sign in again.';
    case 'token-invalid':
    case 'token-invalid-header':
    case 'token-invalid-algorithm':
    case 'token-invalid-signature':
    case 'token-invalid-claims':
    case 'token-lifetime-too-long':
    case 'token-invalid-issuer':
    case 'token-invalid-audience':
    case 'session-pending':
    case 'jwk-unknown-kid':
    case 'invalid_request':
      return `The API rejected your session (${reason}). Please sign in again.`;
    // Machine credentials: the SPA never sends one, so these mean a misrouted call or a bug.
    case 'machine-token-invalid':
    case 'machine-token-not-accepted':
    case 'session-token-not-accepted':
      return `The API refused the credential this page sent (${reason}). Please sign in again.`;
  }
}
