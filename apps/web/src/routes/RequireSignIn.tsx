import { useAuth } from '@clerk/react';
import type { ReactNode } from 'react';
import { Redirect } from 'wouter';
import { PageLoading } from '../ui/PageLoading';
import { useCurrentPath } from './use-current-path';

/** Signed-out visitors go to sign-in, which brings them back here afterwards. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { isLoaded, isSignedIn } = useAuth();
  const path = useCurrentPath();
  if (!isLoaded) {
    return (
      <main id="main">
        <PageLoading label="Checking your session…" />
      </main>
    );
  }
  if (!isSignedIn) {
    const back = `${path}${window.location.hash}`;
    return <Redirect to={`/sign-in?redirect=${encodeURIComponent(back)}`} replace />;
  }
  return children;
}
