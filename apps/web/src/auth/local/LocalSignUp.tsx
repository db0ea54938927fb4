/**
 * Local mode's sign-up screen, standing in for Clerk's `<SignUp>`: a name and an email address make a
 * new person of the local directory (announced to the API as a `user.created` webhook), signed in at
 * once and sent back to where they were going. No password and no verification code: local mode
 * trusts whoever can reach it (it listens on loopback only).
 */
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useLocalClerk } from './LocalAuthProvider';

export function LocalSignUp({ redirectTo }: { redirectTo: string }) {
  const clerk = useLocalClerk();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      await clerk.accounts.signUp({
        firstName: text('firstName'),
        lastName: text('lastName') || undefined,
        emailAddress: text('emailAddress'),
      });
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
      setBusy(false);
    }
  };

  return (
    <section className="card sign-in-card" aria-labelledby="sign-up-heading">
      <h1 id="sign-up-heading">Create your account</h1>
      <p className="muted">Local mode: your account lives in the API’s local directory.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form className="stacked-form account-form" onSubmit={(event) => void submit(event)}>
        <label>
          First name
          <input name="firstName" autoComplete="given-name" required maxLength={64} />
        </label>
        <label>
          <span>
            Last name <span className="muted">(optional)</span>
          </span>
          <input name="lastName" autoComplete="family-name" maxLength={64} />
        </label>
        <label>
          Email address
          <input name="emailAddress" type="email" autoComplete="email" required maxLength={254} />
        </label>
        <button type="submit" aria-disabled={busy}>
          {busy ? 'Creating your account…' : 'Continue'}
        </button>
      </form>
      <p className="muted">
        Already have an account?{' '}
        <Link to={`/sign-in?redirect=${encodeURIComponent(redirectTo)}`}>Sign in</Link>
      </p>
    </section>
  );
}
