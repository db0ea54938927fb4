import { useAuth } from '@clerk/react';
import type { ReactNode } from 'react';
import { Redirect, useLocation, useSearch } from 'wouter';
import { PageLoading } from '../ui/PageLoading';

/** Signed-out visitors go to sign-in, which brings them back here afterwards. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { isLoaded, isSignedIn } = useAuth();
  const [pathname] = useLocation();
  const search = useSearch();
  if (!isLoaded) {
    return (
      <main id="main">
        <PageLoading label="Checking your session…" />
      </main>
    );
  }
  if (!isSignedIn) {
    const back = `${pathname}${search ? `?${search}` : ''}${window.location.hash}`;
    return <Redirect to={`/sign-in?redirect=${encodeURIComponent(back)}`} replace />;
  }
  return children;
}
