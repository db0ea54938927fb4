/**
 * Local mode: Clerk's own `ClerkProvider`, given a Clerk-compatible instance backed by the API's
 * local issuer (see `@gatehouse/auth/browser` LocalClerk), so the app's hooks are Clerk's hooks.
 */
import { ClerkProvider } from '@clerk/react';
import type { ClerkProp } from '@clerk/react/types';
import { LocalClerk } from '@gatehouse/auth/browser';
import { createContext, type ReactNode, useContext } from 'react';
import { type AuthUi, AuthUiContext } from '../auth-ui';
import { LocalCreateOrganization } from './LocalCreateOrganization';
import { LocalOrganizationProfile } from './LocalOrganizationProfile';
import { LocalOrganizationSwitcher } from './LocalOrganizationSwitcher';
import { LocalSignIn } from './LocalSignIn';
import { LocalSignUp } from './LocalSignUp';
import { LocalUserMenu } from './LocalUserMenu';
import { LocalUserProfile } from './LocalUserProfile';

const LocalClerkContext = createContext<LocalClerk | null>(null);

export function useLocalClerk(): LocalClerk {
  const clerk = useContext(LocalClerkContext);
  if (!clerk) throw new Error('useLocalClerk() must be used inside <LocalAuthProvider>');
  return clerk;
}

const localUi: AuthUi = {
  mode: 'local',
  SignInScreen: LocalSignIn,
  SignUpScreen: LocalSignUp,
  OrganizationSwitcher: LocalOrganizationSwitcher,
  OrganizationProfile: LocalOrganizationProfile,
  CreateOrganization: LocalCreateOrganization,
  UserProfile: LocalUserProfile,
  UserMenu: LocalUserMenu,
};

// One instance per page load: it owns the session, its storage and its refresh timer.
let instance: { apiUrl: string; clerk: LocalClerk } | null = null;
function localClerkFor(apiUrl: string): LocalClerk {
  if (instance?.apiUrl !== apiUrl) instance = { apiUrl, clerk: new LocalClerk({ apiUrl }) };
  return instance.clerk;
}

export default function LocalAuthProvider({
  apiUrl,
  clerk = localClerkFor(apiUrl),
  children,
}: {
  apiUrl: string;
  /** Tests pass their own instance (with a fake fetch and in-memory storage). */
  clerk?: LocalClerk;
  children: ReactNode;
}) {
  return (
    // ClerkProvider insists on a publishable key; with `Clerk` given it loads nothing from Clerk.
    <ClerkProvider
      publishableKey="pk_local_gatehouse"
      Clerk={clerk as unknown as ClerkProp}
      telemetry={false}
    >
      <LocalClerkContext.Provider value={clerk}>
        <AuthUiContext.Provider value={localUi}>{children}</AuthUiContext.Provider>
      </LocalClerkContext.Provider>
    </ClerkProvider>
  );
}
