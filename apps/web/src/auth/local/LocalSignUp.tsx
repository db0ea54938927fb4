/**
 * Local mode's sign-up screen, standing in for Clerk's `<SignUp>`: a name and an email address make a
 * new person of the local directory (announced to the API as a `user.created` webhook), signed in at
 * once and sent back to where they were going. No password and no verification code: local mode
 * trusts whoever can reach it (it listens on loopback only).
 */
import type { FormEvent } from 'react';
import { Link } from 'wouter';
import { useFormAction } from '../../ui/use-form-action';
import { checkAccountFields } from '../../ui/validation';
import { useLocalClerk } from './LocalAuthProvider';

export function LocalSignUp({ redirectTo }: { redirectTo: string }) {
  const clerk = useLocalClerk();
  const { busy, error, run } = useFormAction();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const values = {
      firstName: text('firstName'),
      lastName: text('lastName'),
      emailAddress: text('emailAddress'),
    };
    // Signed in on success: the whole screen is replaced, so the form stays busy until then.
    return run(
      async () => {
        const problem = checkAccountFields(values);
        if (problem) throw new Error(problem);
        await clerk.accounts.signUp({ ...values, lastName: values.lastName || undefined });
      },
      { staysBusy: true },
    );
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
