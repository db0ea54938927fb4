import { lazy, type ReactNode, Suspense } from 'react';
import type { WebConfig } from '../config';
import { PageLoading } from '../ui/PageLoading';

// Each mode is its own chunk: Clerk mode never downloads the local issuer client, and vice versa.
const ClerkAuthProvider = lazy(() => import('./clerk/ClerkAuthProvider'));
const LocalAuthProvider = lazy(() => import('./local/LocalAuthProvider'));

/** Clerk mode when a publishable key is configured, otherwise local mode against `/dev/auth`. */
export function AuthProvider({ config, children }: { config: WebConfig; children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <main id="main">
          <PageLoading label="Starting…" />
        </main>
      }
    >
      {config.clerkPublishableKey ? (
        <ClerkAuthProvider publishableKey={config.clerkPublishableKey}>{children}</ClerkAuthProvider>
      ) : (
        <LocalAuthProvider apiUrl={config.apiUrl}>{children}</LocalAuthProvider>
      )}
    </Suspense>
  );
}
