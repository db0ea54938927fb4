import { APIKeys } from '@clerk/react';
import { lazy, Suspense } from 'react';
import { useAuthUi } from '../auth/auth-ui';
import { PageLoading } from '../ui/PageLoading';
import { usePageTitle } from '../ui/usePageTitle';

// Its own chunk, with the local auth provider it reads: Clerk mode never downloads it.
const LocalApiKeys = lazy(() => import('./LocalApiKeys'));

/**
 * API keys for scripts and other services: Clerk's `<APIKeys />` in Clerk mode (keys of the active
 * organization, else of the user), the local stand-in in local mode (which also sets scopes).
 */
export function ApiKeysPage() {
  const { mode } = useAuthUi();
  usePageTitle('API keys');
  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        API keys
      </h1>
      {mode === 'clerk' ? (
        <APIKeys />
      ) : (
        <Suspense fallback={<PageLoading label="Loading API keys…" />}>
          <LocalApiKeys />
        </Suspense>
      )}
    </section>
  );
}
