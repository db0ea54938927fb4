import { useClerk, useUser } from '@clerk/react';
import { useState } from 'react';

/** Tasks need an active organization: say so, and offer the user's organizations. */
export function ChooseOrganization() {
  const { user } = useUser();
  const { setActive } = useClerk();
  const [error, setError] = useState<string | null>(null);
  const memberships = user?.organizationMemberships ?? [];

  return (
    // No aria-label here: "Organization" must keep naming exactly one control (the switcher).
    <div className="card">
      <h2>Choose an organization</h2>
      <p>Tasks belong to an organization, and you are in your personal account.</p>
      {memberships.length === 0 ? (
        <p>You are not a member of any organization yet. Ask an organization admin to invite you.</p>
      ) : (
        <>
          <p>Pick one in the Organization menu above, or here:</p>
          <ul className="choice-list">
            {memberships.map(({ organization }) => (
              <li key={organization.id}>
                <button
                  type="button"
                  className="secondary"
                  onClick={() =>
                    void setActive({ organization: organization.id }).catch((cause: unknown) =>
                      setError(cause instanceof Error ? cause.message : String(cause)),
                    )
                  }
                >
                  Switch to {organization.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
