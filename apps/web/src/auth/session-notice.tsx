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

/** The message for a 401 that the auth link could not fix (see FRESH_TOKEN_CAN_HELP). */
export function signedOutBecause(reason: string | null): string {
  switch (reason) {
    case 'token-expired':
      return 'Your session expired and could not be renewed. Please sign in again.';
    case 'token-invalid-authorized-party':
      return 'The API does not accept sessions from this site (token-invalid-authorized-party). Check the API’s CORS_ORIGINS.';
    case 'token-not-active-yet':
    case 'token-iat-in-the-future':
      return `The API and the token issuer disagree about the time (${reason}). Check the clocks, then sign in again.`;
    case null:
      return 'The API no longer accepts your session. Please sign in again.';
    default:
      return `The API rejected your session (${reason}). Please sign in again.`;
  }
}
