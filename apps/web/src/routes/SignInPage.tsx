import { useAuth } from '@clerk/react';
import { useEffect } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useAuthUi } from '../auth/auth-ui';
import { useSessionNotice } from '../auth/session-notice';
import { PageLoading } from '../ui/PageLoading';
import { usePageTitle } from '../ui/usePageTitle';
import { safeRedirect } from './redirect';

export function SignInPage() {
  const { isLoaded, isSignedIn } = useAuth();
  const [params] = useSearchParams();
  const redirectTo = safeRedirect(params.get('redirect'));
  const { SignInScreen } = useAuthUi();
  const { notice, setNotice } = useSessionNotice();
  usePageTitle('Sign in');

  useEffect(() => {
    if (isSignedIn) setNotice(null);
  }, [isSignedIn, setNotice]);

  if (isLoaded && isSignedIn) return <Navigate to={redirectTo} replace />;
  return (
    <main id="main" className="sign-in-page">
      <p className="brand">Gatehouse</p>
      {notice && (
        <p role="alert" className="notice">
          {notice}
        </p>
      )}
      {isLoaded ? <SignInScreen redirectTo={redirectTo} /> : <PageLoading label="Checking your session…" />}
    </main>
  );
}
