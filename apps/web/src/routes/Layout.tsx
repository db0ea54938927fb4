import { useAuth, useUser } from '@clerk/react';
import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuthIdentity } from '../api/ApiProvider';
import { useAuthUi } from '../auth/auth-ui';

/** The signed-in shell: who you are, which organization, where to go. */
export function Layout() {
  const { user } = useUser();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const { OrganizationSwitcher, UserMenu } = useAuthUi();
  const identity = useAuthIdentity();
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
      {/* Keyed by user and org: switching remounts the page on a fresh query cache. */}
      <main id="main" key={identity}>
        <Outlet />
      </main>
    </>
  );
}

/** After an in-app navigation, move focus to the new page's heading (screen readers announce it). */
function useFocusHeadingOnNavigation() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [pathname]);
}
