import { type ComponentType, createContext, useContext } from 'react';

/**
 * The only place the two auth modes differ: which sign-in screen, organization switcher and user
 * menu to render. Everything else reads Clerk's hooks (`useAuth`, `useUser`, `useOrganization`).
 */
export interface AuthUi {
  mode: 'clerk' | 'local';
  SignInScreen: ComponentType<{ redirectTo: string }>;
  OrganizationSwitcher: ComponentType;
  UserMenu: ComponentType;
}

export const AuthUiContext = createContext<AuthUi | null>(null);

export function useAuthUi(): AuthUi {
  const ui = useContext(AuthUiContext);
  if (!ui) throw new Error('useAuthUi() must be used inside <AuthProvider>');
  return ui;
}
