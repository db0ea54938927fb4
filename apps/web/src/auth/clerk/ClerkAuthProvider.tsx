/**
 * Clerk mode, as Clerk documents it for a React SPA: `ClerkProvider` with the publishable key, clerk-js
 * and Clerk's components from Clerk's CDN, and React Router doing the navigation.
 */
import { ClerkProvider, OrganizationSwitcher, SignIn, UserButton } from '@clerk/react';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { type AuthUi, AuthUiContext } from '../auth-ui';

const clerkUi: AuthUi = {
  mode: 'clerk',
  SignInScreen: ({ redirectTo }) => (
    <SignIn routing="path" path="/sign-in" forceRedirectUrl={redirectTo} signUpForceRedirectUrl={redirectTo} />
  ),
  OrganizationSwitcher: () => (
    <div role="group" aria-label="Organization">
      <OrganizationSwitcher hidePersonal={false} />
    </div>
  ),
  UserMenu: () => <UserButton />,
};

export default function ClerkAuthProvider({ publishableKey, children }: { publishableKey: string; children: ReactNode }) {
  const navigate = useNavigate();
  return (
    <ClerkProvider
      publishableKey={publishableKey}
      routerPush={(to) => navigate(to)}
      routerReplace={(to) => navigate(to, { replace: true })}
      signInUrl="/sign-in"
      afterSignOutUrl="/sign-in"
    >
      <AuthUiContext.Provider value={clerkUi}>{children}</AuthUiContext.Provider>
    </ClerkProvider>
  );
}
