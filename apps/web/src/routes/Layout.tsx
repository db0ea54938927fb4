import { useAuth, useUser } from '@clerk/react';
import { type ReactNode, useEffect, useRef } from 'react';
import { Link, useLocation, useRoute } from 'wouter';
import { DroppedActionsNotice } from '../api/dropped-actions';
import { useAuthUi } from '../auth/auth-ui';

/** The signed-in shell: who you are, which organization, where to go. */
export function Layout({ children }: { children: ReactNode }) {
  const { user } = useUser();
  const { signOut } = useAuth();
  const [, navigate] = useLocation();
  const { OrganizationSwitcher, UserMenu } = useAuthUi();
  useFocusHeadingOnNavigation();

  const onSignOut = async () => {
    await signOut();
    navigate('/sign-in');
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">Gatehouse</span>
        <nav aria-label="Main">
          <NavLink to="/notes">Notes</NavLink>
          <NavLink to="/tasks">Tasks</NavLink>
          <NavLink to="/api-keys">API keys</NavLink>
        </nav>
        <div className="account">
          <OrganizationSwitcher />
          <span className="user-name" title={user?.primaryEmailAddress?.emailAddress}>
            {user?.fullName ?? user?.primaryEmailAddress?.emailAddress}
          </span>
          <UserMenu />
          <button type="button" className="secondary" onClick={() => void onSignOut()}>
            Sign out
          </button>
        </div>
      </header>
      {/* A switch of user or org remounts all of this on a fresh query cache (IdentityBoundary). */}
      <main id="main">
        <DroppedActionsNotice />
        {children}
      </main>
    </>
  );
}

/** A link of the main navigation: says which page is shown (`aria-current`) and is styled so. */
function NavLink({ to, children }: { to: string; children: ReactNode }) {
  const [current] = useRoute(to);
  return (
    <Link to={to} className={current ? 'active' : undefined} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/**
 * After an in-app navigation, move focus to the new page's heading (screen readers announce it). Not
 * on the first render: a page load keeps the browser's focus, so the first Tab reaches the skip link.
 * Compared by path, not a "first run" flag, which StrictMode's second effect run would clear.
 */
function useFocusHeadingOnNavigation() {
  const [pathname] = useLocation();
  const shown = useRef(pathname);
  useEffect(() => {
    if (shown.current === pathname) return;
    shown.current = pathname;
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [pathname]);
}
