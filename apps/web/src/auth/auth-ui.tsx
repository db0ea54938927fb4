import { type ComponentType, createContext, useContext } from 'react';

/**
 * The only place the two auth modes differ: which account screens to render — Clerk's components, or
 * the local stand-ins that look and behave like them. Everything else reads Clerk's hooks (`useAuth`,
 * `useUser`, `useOrganization`).
 */
export interface AuthUi {
  mode: 'clerk' | 'local';
  SignInScreen: ComponentType<{ redirectTo: string }>;
  SignUpScreen: ComponentType<{ redirectTo: string }>;
  OrganizationSwitcher: ComponentType;
  /** The active organization's members, invitations and roles (`<OrganizationProfile>`). */
  OrganizationProfile: ComponentType;
  CreateOrganization: ComponentType;
  UserProfile: ComponentType;
  UserMenu: ComponentType;
}

/** Where the account screens live, in both modes (Clerk's components route under these paths). */
export const ACCOUNT_PATHS = {
  signIn: '/sign-in',
  signUp: '/sign-up',
  organization: '/organization',
  createOrganization: '/create-organization',
  user: '/user',
} as const;

export const AuthUiContext = createContext<AuthUi | null>(null);

export function useAuthUi(): AuthUi {
  const ui = useContext(AuthUiContext);
  if (!ui) throw new Error('useAuthUi() must be used inside <AuthProvider>');
  return ui;
}
