/**
 * Standing in for Clerk's `<CreateOrganization>`: a name makes a new organization of the local directory
 * with the signed-in person as its admin; it becomes the active organization and the page moves on to
 * its profile, as `afterCreateOrganizationUrl` does in Clerk mode.
 */
import type { FormEvent } from 'react';
import { useLocation } from 'wouter';
import { useFormAction } from '../../ui/use-form-action';
import { checkAccountFields } from '../../ui/validation';
import { ACCOUNT_PATHS } from '../auth-ui';
import { useLocalClerk } from './LocalAuthProvider';

export function LocalCreateOrganization() {
  const clerk = useLocalClerk();
  const [, navigate] = useLocation();
  const { busy, error, run } = useFormAction();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    return run(async () => {
      const problem = checkAccountFields({ name });
      if (problem) throw new Error(problem);
      await clerk.accounts.createOrganization(name);
      navigate(ACCOUNT_PATHS.organization);
    });
  };

  return (
    <section className="card" aria-labelledby="create-organization-heading">
      <h2 id="create-organization-heading">Create organization</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form className="stacked-form account-form" onSubmit={(event) => void submit(event)}>
        <label>
          Name
          <input name="name" required maxLength={64} autoComplete="organization" />
        </label>
        <button type="submit" aria-disabled={busy}>
          {busy ? 'Creating…' : 'Create organization'}
        </button>
      </form>
    </section>
  );
}
