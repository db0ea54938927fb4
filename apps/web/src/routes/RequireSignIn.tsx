import { useAuth } from '@clerk/react';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { PageLoading } from '../ui/PageLoading';

/** Signed-out visitors go to sign-in, which brings them back here afterwards. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { isLoaded, isSignedIn } = useAuth();
  const location = useLocation();
  if (!isLoaded) {
    return (
      <main id="main">
        <PageLoading label="Checking your session…" />
      </main>
    );
  }
  if (!isSignedIn) {
    const back = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={`/sign-in?redirect=${encodeURIComponent(back)}`} replace />;
  }
  return children;
}
