/**
 * Local mode's sign-in screen: one button per persona of the API's local issuer. It stands in for
 * Clerk's `<SignIn>`, which needs Clerk's servers.
 *
 * With the API unreachable it says so once, keeps trying on its own (and offers "Try again now"), and
 * when the API answers again it restores the session the browser had saved, if any.
 */
import { DevAuthError } from '@gatehouse/auth/browser';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { ACCOUNT_PATHS } from '../auth-ui';
import { useLocalClerk } from './LocalAuthProvider';

function membershipsOf(persona: { memberships: readonly { orgName: string; role: string }[] }): string {
  if (persona.memberships.length === 0) return 'No organization';
  return persona.memberships.map((m) => `${m.orgName} ${m.role.replace(/^org:/, '')}`).join(', ');
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const unreachable = (error: unknown) => error instanceof DevAuthError && error.status === null;

export function LocalSignIn({ redirectTo }: { redirectTo: string }) {
  const clerk = useLocalClerk();
  const personas = useQuery({
    queryKey: ['local-personas'],
    queryFn: () => clerk.listPersonas(),
    // Unreachable: again after 1 s, 2 s, 4 s, then every 5 s, until it answers. A refusal needs a person.
    retry: (_count, error) => unreachable(error),
    retryDelay: (attempt) => Math.min(5_000, 1_000 * 2 ** attempt),
  });
  const [signingIn, setSigningIn] = useState<string | null>(null);
  const busy = useRef(false); // a second click before the re-render must not sign in twice
  // The saved session could not be restored. Unreachable: the personas' message says it already.
  const restoreError = clerk.loadError;
  const [error, setError] = useState<string | null>(
    restoreError && !unreachable(restoreError) ? restoreError.message : null,
  );

  useEffect(() => {
    if (personas.isSuccess && restoreError && unreachable(restoreError)) void clerk.load();
  }, [personas.isSuccess, restoreError, clerk]);

  const signIn = async (userId: string) => {
    if (busy.current) return;
    busy.current = true;
    setSigningIn(userId);
    setError(null);
    try {
      await clerk.signInAsPersona(userId);
    } catch (cause) {
      setError(messageOf(cause));
      setSigningIn(null);
    } finally {
      busy.current = false;
    }
  };

  const failure = personas.isError ? personas.error : personas.isPending ? personas.failureReason : null;
  return (
    <section className="card sign-in-card" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      <p className="muted">
        Local mode: choose a person of the local directory. The API’s local issuer mints their Clerk-shaped
        session tokens; no Clerk account needed.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {failure ? (
        <div role="alert" className="error">
          <p>
            {messageOf(failure)}
            {personas.isPending && ' Trying again…'}
          </p>
          <button type="button" className="secondary" onClick={() => void personas.refetch()}>
            Try again now
          </button>
        </div>
      ) : (
        personas.isPending && <p role="status">Loading personas…</p>
      )}
      {personas.data && (
        <ul className="persona-list">
          {personas.data.map((persona) => (
            <li key={persona.userId}>
              <button
                type="button"
                onClick={() => void signIn(persona.userId)}
                // aria-disabled, not disabled: a disabled button drops the keyboard focus to <body>.
                aria-disabled={signingIn !== null}
                aria-describedby={`persona-${persona.userId}`}
              >
                Sign in as {persona.name}
              </button>
              <span id={`persona-${persona.userId}`} className="muted">
                {signingIn === persona.userId ? 'Signing in…' : membershipsOf(persona)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted">
        Don’t have an account?{' '}
        <Link to={`${ACCOUNT_PATHS.signUp}?redirect=${encodeURIComponent(redirectTo)}`}>Sign up</Link>
      </p>
    </section>
  );
}
