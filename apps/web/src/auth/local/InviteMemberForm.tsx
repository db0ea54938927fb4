import type { FormEvent } from 'react';
import { useFormAction } from '../../ui/use-form-action';

type Role = 'org:admin' | 'org:member';

/** The invite part of the organization profile: an email address of a local user, and a role. */
export function InviteMemberForm({
  onInvite,
}: {
  onInvite: (emailAddress: string, role: Role) => Promise<void>;
}) {
  // A failure is reported by the profile, which owns the error message.
  const { busy, run } = useFormAction();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    return run(async () => {
      await onInvite(String(data.get('emailAddress') ?? '').trim(), data.get('role') as Role);
      form.reset();
    });
  };

  return (
    <form
      className="stacked-form account-form"
      aria-labelledby="invite-heading"
      onSubmit={(event) => void submit(event)}
    >
      <h2 id="invite-heading">Invite a member</h2>
      <label>
        Email address
        <input name="emailAddress" type="email" required maxLength={254} autoComplete="off" />
      </label>
      <label>
        Role
        <select name="role" defaultValue="org:member">
          <option value="org:member">Member</option>
          <option value="org:admin">Admin</option>
        </select>
      </label>
      <button type="submit" aria-disabled={busy}>
        {busy ? 'Sending…' : 'Send invitation'}
      </button>
    </form>
  );
}
