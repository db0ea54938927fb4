/**
 * Clerk mode, as Clerk documents it for a React SPA: `ClerkProvider` with the publishable key, clerk-js
 * and Clerk's components from Clerk's CDN, and React Router doing the navigation.
 */
import { ClerkFailed, ClerkProvider, OrganizationSwitcher, SignIn, UserButton } from '@clerk/react';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { type AuthUi, AuthUiContext } from '../auth-ui';

const clerkUi: AuthUi = {
  mode: 'clerk',
  SignInScreen: ({ redirectTo }) => (
    <SignIn
      routing="path"
      path="/sign-in"
      forceRedirectUrl={redirectTo}
      signUpForceRedirectUrl={redirectTo}
    />
  ),
  OrganizationSwitcher: () => (
    <fieldset className="bare-fieldset">
      <legend className="visually-hidden">Organization</legend>
      <OrganizationSwitcher hidePersonal={false} />
    </fieldset>
  ),
  UserMenu: () => <UserButton />,
};

export default function ClerkAuthProvider({
  publishableKey,
  children,
}: {
  publishableKey: string;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  return (
    <ClerkProvider
      publishableKey={publishableKey}
      routerPush={(to) => navigate(to)}
      routerReplace={(to) => navigate(to, { replace: true })}
      signInUrl="/sign-in"
      afterSignOutUrl="/sign-in"
    >
      <ClerkFailed>
        <p role="alert" className="error">
          Clerk could not be loaded (network, ad blocker, or a wrong VITE_CLERK_PUBLISHABLE_KEY), so nobody
          can sign in. Reload to try again.
        </p>
      </ClerkFailed>
      <AuthUiContext.Provider value={clerkUi}>{children}</AuthUiContext.Provider>
    </ClerkProvider>
  );
}
