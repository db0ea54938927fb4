/**
 * Clerk mode, as Clerk documents it for a React SPA: `ClerkProvider` with the publishable key, clerk-js
 * and Clerk's components from Clerk's CDN, and React Router doing the navigation. Every account screen
 * is Clerk's own component on a path of this app (path routing), so nobody leaves for the Account Portal.
 */
import {
  ClerkFailed,
  ClerkProvider,
  CreateOrganization,
  OrganizationProfile,
  OrganizationSwitcher,
  SignIn,
  SignUp,
  UserButton,
  UserProfile,
} from '@clerk/react';
import type { ClerkProp } from '@clerk/react/types';
import type { ReactNode } from 'react';
import { useLocation } from 'wouter';
import { type AuthUi, AuthUiContext, ACCOUNT_PATHS as PATHS } from '../auth-ui';

export const clerkUi: AuthUi = {
  mode: 'clerk',
  SignInScreen: ({ redirectTo }) => (
    <SignIn
      routing="path"
      path={PATHS.signIn}
      signUpUrl={PATHS.signUp}
      forceRedirectUrl={redirectTo}
      signUpForceRedirectUrl={redirectTo}
    />
  ),
  SignUpScreen: ({ redirectTo }) => (
    <SignUp
      routing="path"
      path={PATHS.signUp}
      signInUrl={PATHS.signIn}
      forceRedirectUrl={redirectTo}
      signInForceRedirectUrl={redirectTo}
    />
  ),
  OrganizationSwitcher: () => (
    <fieldset className="bare-fieldset">
      <legend className="visually-hidden">Organization</legend>
      <OrganizationSwitcher
        hidePersonal={false}
        organizationProfileMode="navigation"
        organizationProfileUrl={PATHS.organization}
        createOrganizationMode="navigation"
        createOrganizationUrl={PATHS.createOrganization}
        afterCreateOrganizationUrl={PATHS.organization}
      />
    </fieldset>
  ),
  OrganizationProfile: () => <OrganizationProfile routing="path" path={PATHS.organization} />,
  CreateOrganization: () => (
    <CreateOrganization
      routing="path"
      path={PATHS.createOrganization}
      afterCreateOrganizationUrl={PATHS.organization}
    />
  ),
  UserProfile: () => <UserProfile routing="path" path={PATHS.user} />,
  UserMenu: () => <UserButton userProfileMode="navigation" userProfileUrl={PATHS.user} />,
};

export default function ClerkAuthProvider({
  publishableKey,
  Clerk,
  children,
}: {
  publishableKey: string;
  /** Tests pass a Clerk-compatible instance; unset, clerk-js comes from Clerk's CDN. */
  Clerk?: ClerkProp;
  children: ReactNode;
}) {
  const [, navigate] = useLocation();
  return (
    <ClerkProvider
      publishableKey={publishableKey}
      Clerk={Clerk}
      routerPush={(to) => navigate(to)}
      routerReplace={(to) => navigate(to, { replace: true })}
      signInUrl={PATHS.signIn}
      signUpUrl={PATHS.signUp}
      afterSignOutUrl={PATHS.signIn}
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
