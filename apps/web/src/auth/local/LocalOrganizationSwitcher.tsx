/**
 * The organization switcher of local mode, built only from Clerk's hooks (`useUser`,
 * `useOrganization`, `useClerk().setActive`): a native select, labelled "Organization", listing the
 * user's organizations plus "Personal". It stands in for Clerk's `<OrganizationSwitcher>`.
 */
import { useClerk, useOrganization, useUser } from '@clerk/react';
import { useState } from 'react';

const PERSONAL = '';
/** A fixed id: after a switch remounts the page, the focus comes back to this control (IdentityBoundary). */
const SELECT_ID = 'organization-switcher';

export function LocalOrganizationSwitcher() {
  const { user } = useUser();
  const { organization } = useOrganization();
  const { setActive } = useClerk();
  const [pendingOrgId, setPendingOrgId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!user) return null;

  const switchTo = async (orgId: string) => {
    setPendingOrgId(orgId);
    setError(null);
    try {
      await setActive({ organization: orgId === PERSONAL ? null : orgId });
    } catch (cause) {
      setError(`Could not switch: ${cause instanceof Error ? cause.message : String(cause)}`);
    } finally {
      setPendingOrgId(null);
    }
  };

  return (
    <div className="org-switcher">
      <label htmlFor={SELECT_ID}>Organization</label>
      <select
        id={SELECT_ID}
        value={pendingOrgId ?? organization?.id ?? PERSONAL}
        onChange={(event) => void switchTo(event.target.value)}
        aria-busy={pendingOrgId !== null}
      >
        <option value={PERSONAL}>Personal</option>
        {user.organizationMemberships.map((membership) => (
          <option key={membership.organization.id} value={membership.organization.id}>
            {membership.organization.name}
          </option>
        ))}
      </select>
      {pendingOrgId !== null && (
        <span role="status" className="muted">
          Switching…
        </span>
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}
