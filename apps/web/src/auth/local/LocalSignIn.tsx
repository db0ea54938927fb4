/**
 * Local mode's sign-in screen: one button per persona of the API's local issuer. It stands in for
 * Clerk's `<SignIn>`, which needs Clerk's servers.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocalClerk } from './LocalAuthProvider';

function membershipsOf(persona: { memberships: readonly { orgName: string; role: string }[] }): string {
  if (persona.memberships.length === 0) return 'No organization';
  return persona.memberships.map((m) => `${m.orgName} ${m.role.replace(/^org:/, '')}`).join(', ');
}

export function LocalSignIn() {
  const clerk = useLocalClerk();
  const personas = useQuery({
    queryKey: ['local-personas'],
    queryFn: () => clerk.listPersonas(),
    retry: false,
  });
  const [signingIn, setSigningIn] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(clerk.loadError?.message ?? null);

  const signIn = async (userId: string) => {
    setSigningIn(userId);
    setError(null);
    try {
      await clerk.signInAsPersona(userId);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
      setSigningIn(null);
    }
  };

  return (
    <section className="card sign-in-card" aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">Sign in</h1>
      <p className="muted">
        Local mode: choose a persona. The API’s local issuer mints its Clerk-shaped session tokens; no Clerk
        account needed.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {personas.isPending && <p role="status">Loading personas…</p>}
      {personas.isError && (
        <div role="alert" className="error">
          <p>{personas.error.message}</p>
          <button type="button" onClick={() => void personas.refetch()}>
            Try again
          </button>
        </div>
      )}
      {personas.data && (
        <ul className="persona-list">
          {personas.data.map((persona) => (
            <li key={persona.userId}>
              <button
                type="button"
                onClick={() => void signIn(persona.userId)}
                disabled={signingIn !== null}
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
    </section>
  );
}
