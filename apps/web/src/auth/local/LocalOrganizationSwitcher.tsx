/**
 * The organization switcher of local mode, built from Clerk's hooks (`useUser`, `useOrganization`,
 * `useClerk().setActive`): a native select, labelled "Organization", listing the user's organizations
 * plus "Personal"; links to manage the active one and to create one; and, as Clerk's switcher lists
 * them, the person's pending invitations with a "Join" button each. It stands in for Clerk's
 * `<OrganizationSwitcher>` with `organizationProfileMode`/`createOrganizationMode="navigation"`.
 */
import { useClerk, useOrganization, useUser } from '@clerk/react';
import { useState } from 'react';
import { Link } from 'react-router';
import { ACCOUNT_PATHS } from '../auth-ui';
import { useLocalClerk } from './LocalAuthProvider';

const PERSONAL = '';
/** A fixed id: after a switch remounts the page, the focus comes back to this control (IdentityBoundary). */
const SELECT_ID = 'organization-switcher';

export function LocalOrganizationSwitcher() {
  const { user } = useUser();
  const { organization } = useOrganization();
  const { setActive } = useClerk();
  const local = useLocalClerk();
  const [pendingOrgId, setPendingOrgId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!user) return null;
  const invitations = local.person?.invitations ?? [];

  const join = async (invitationId: string, orgName: string) => {
    setError(null);
    try {
      await local.accounts.acceptInvitation(invitationId);
    } catch (cause) {
      setError(`Could not join ${orgName}: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  };

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
      <Link to={organization ? ACCOUNT_PATHS.organization : ACCOUNT_PATHS.createOrganization}>
        {organization ? 'Manage' : 'Create organization'}
      </Link>
      {invitations.map((invitation) => (
        <button
          key={invitation.id}
          type="button"
          className="secondary"
          onClick={() => void join(invitation.id, invitation.orgName)}
        >
          Join {invitation.orgName}
        </button>
      ))}
      {local.notice && (
        <span role="status" className="notice">
          {local.notice}
        </span>
      )}
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
