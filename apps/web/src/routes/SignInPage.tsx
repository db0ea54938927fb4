import { useAuth } from '@clerk/react';
import { useEffect } from 'react';
import { Redirect, useSearchParams } from 'wouter';
import { useAuthUi } from '../auth/auth-ui';
import { useSessionNotice } from '../auth/session-notice';
import { PageLoading } from '../ui/PageLoading';
import { usePageTitle } from '../ui/usePageTitle';
import { safeRedirect } from './redirect';

/**
 * The way in, signed out: sign-in or sign-up (Clerk's components or the local stand-ins), each sending
 * the person back to `?redirect=` afterwards; a signed-in visitor goes there at once.
 */
function AccountEntryPage({ kind }: { kind: 'sign-in' | 'sign-up' }) {
  const { isLoaded, isSignedIn } = useAuth();
  const [params] = useSearchParams();
  const redirectTo = safeRedirect(params.get('redirect'));
  const { SignInScreen, SignUpScreen } = useAuthUi();
  const Screen = kind === 'sign-in' ? SignInScreen : SignUpScreen;
  const { notice, setNotice } = useSessionNotice();
  usePageTitle(kind === 'sign-in' ? 'Sign in' : 'Sign up');

  useEffect(() => {
    if (isSignedIn) setNotice(null);
  }, [isSignedIn, setNotice]);

  if (isLoaded && isSignedIn) return <Redirect to={redirectTo} replace />;
  return (
    <main id="main" className="sign-in-page">
      <p className="brand">Gatehouse</p>
      {notice && (
        <p role="alert" className="notice">
          {notice}
        </p>
      )}
      {isLoaded ? <Screen redirectTo={redirectTo} /> : <PageLoading label="Checking your session…" />}
    </main>
  );
}

export const SignInPage = () => <AccountEntryPage kind="sign-in" />;
export const SignUpPage = () => <AccountEntryPage kind="sign-up" />;
