/**
 * The organization switcher of local mode, built from Clerk's hooks (`useUser`, `useOrganization`,
 * `useClerk().setActive`): a native select, labelled "Organization", listing the user's organizations
 * plus "Personal", then — as the entries below the list in Clerk's switcher — "Manage organization…",
 * "Create organization…" and a "Join …" per pending invitation. It stands in for Clerk's
 * `<OrganizationSwitcher>` with `organizationProfileMode`/`createOrganizationMode="navigation"`; one
 * control keeps the header on one row on a phone.
 *
 * It acts on a choice, not on browsing: Chromium fires `change` for each arrow key on a closed select,
 * so a keyboard user passing "Manage organization…" was taken there. Keys that browse only show the
 * option; Enter chooses it, leaving the control puts back the current one. A choice made in the open
 * list (mouse, or the keyboard after Alt+Down) acts at once.
 */
import { useClerk, useOrganization, useUser } from '@clerk/react';
import { type KeyboardEvent, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { ACCOUNT_PATHS } from '../auth-ui';
import { useLocalClerk } from './LocalAuthProvider';

const PERSONAL = '';
const MANAGE = 'action:manage';
const CREATE = 'action:create';
const JOIN = 'action:join:';
/** A fixed id: after a switch remounts the page, the focus comes back to this control (IdentityBoundary). */
const SELECT_ID = 'organization-switcher';
/** Keys that move a closed select's selection (type-ahead letters too; Space opens the list). */
const BROWSING_KEYS = new Set([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'Home',
  'End',
  'PageUp',
  'PageDown',
]);
const browses = (event: KeyboardEvent) =>
  !event.altKey &&
  !event.ctrlKey &&
  !event.metaKey &&
  (BROWSING_KEYS.has(event.key) || (event.key.length === 1 && event.key !== ' '));

export function LocalOrganizationSwitcher() {
  const { user } = useUser();
  const { organization } = useOrganization();
  const { setActive } = useClerk();
  const local = useLocalClerk();
  const [, navigate] = useLocation();
  const [pendingOrgId, setPendingOrgId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The option a keyboard user is on, not chosen yet. */
  const [browsed, setBrowsed] = useState<string | null>(null);
  const browsing = useRef(false);
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

  const choose = (value: string) => {
    if (value === MANAGE) return navigate(ACCOUNT_PATHS.organization);
    if (value === CREATE) return navigate(ACCOUNT_PATHS.createOrganization);
    const invitation = invitations.find((candidate) => value === `${JOIN}${candidate.id}`);
    if (invitation) return void join(invitation.id, invitation.orgName);
    void switchTo(value);
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
        value={browsed ?? pendingOrgId ?? organization?.id ?? PERSONAL}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && browsed !== null) {
            event.preventDefault();
            setBrowsed(null);
            choose(browsed);
          }
          browsing.current = browses(event);
        }}
        onPointerDown={() => {
          browsing.current = false;
        }}
        onBlur={() => setBrowsed(null)}
        onChange={(event) => {
          if (browsing.current) setBrowsed(event.target.value);
          else choose(event.target.value);
        }}
        aria-busy={pendingOrgId !== null}
      >
        <option value={PERSONAL}>Personal</option>
        {user.organizationMemberships.map((membership) => (
          <option key={membership.organization.id} value={membership.organization.id}>
            {membership.organization.name}
          </option>
        ))}
        <optgroup label="More">
          {organization && <option value={MANAGE}>Manage organization…</option>}
          <option value={CREATE}>Create organization…</option>
          {invitations.map((invitation) => (
            <option key={invitation.id} value={`${JOIN}${invitation.id}`}>
              Join {invitation.orgName}…
            </option>
          ))}
        </optgroup>
      </select>
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
