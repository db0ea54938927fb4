/**
 * Standing in for Clerk's `<OrganizationProfile>`: the active organization's members with their roles,
 * its pending invitations, and — for its admins — inviting an existing local user by email, changing a
 * member's role and removing a member. The directory decides who may do what (403 otherwise); the page
 * only hides what the person cannot do.
 */
import { useOrganization, useUser } from '@clerk/react';
import type { DevOrganization } from '@gatehouse/auth/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNotice } from '../../ui/ErrorNotice';
import { PageLoading } from '../../ui/PageLoading';
import { InviteMemberForm } from './InviteMemberForm';
import { useLocalClerk } from './LocalAuthProvider';

type Role = DevOrganization['members'][number]['role'];
const ROLES: { value: Role; label: string }[] = [
  { value: 'org:admin', label: 'Admin' },
  { value: 'org:member', label: 'Member' },
];
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function LocalOrganizationProfile() {
  const clerk = useLocalClerk();
  const { organization } = useOrganization();
  const { user } = useUser();
  const queryClient = useQueryClient();
  const orgId = organization?.id ?? '';
  const queryKey = ['local-organization', orgId];
  // Others change the membership too: read it afresh whenever the page is opened.
  const view = useQuery({
    queryKey,
    queryFn: () => clerk.accounts.organization(orgId),
    enabled: !!orgId,
    staleTime: 0,
    refetchOnMount: 'always',
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const change = useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onMutate: () => setProblem(null),
    onError: (error) => setProblem(messageOf(error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });

  if (!organization || !user) return null;
  if (view.isPending) return <PageLoading label="Loading members…" />;
  if (view.isError) {
    return (
      <ErrorNotice
        what="Members could not be loaded"
        error={view.error}
        onRetry={() => void view.refetch()}
      />
    );
  }
  const org = view.data;
  const isAdmin = org.members.some((m) => m.userId === user.id && m.role === 'org:admin');
  const run = (action: () => Promise<unknown>, done: string) =>
    change.mutate(action, { onSuccess: () => setAnnouncement(done) });

  return (
    <div className="organization-profile">
      <p className="muted">
        {org.name} · <code>{org.slug}</code>
      </p>
      <output className="visually-hidden" aria-live="polite">
        {announcement}
      </output>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      <h2 id="members-heading">Members</h2>
      <ul className="member-list" aria-labelledby="members-heading">
        {org.members.map((member) => (
          <li key={member.userId}>
            <span className="member-who">
              <strong>{member.name}</strong> <span className="muted">{member.email}</span>
            </span>
            <span className="member-actions">
              {isAdmin ? (
                <select
                  aria-label={`Role of ${member.name}`}
                  value={member.role}
                  onChange={(event) => {
                    const role = event.target.value as Role;
                    run(
                      () => clerk.accounts.setRole(org.id, member.userId, role),
                      `${member.name} is now ${role === 'org:admin' ? 'an admin' : 'a member'}.`,
                    );
                  }}
                >
                  {ROLES.map((role) => (
                    <option key={role.value} value={role.value}>
                      {role.label}
                    </option>
                  ))}
                </select>
              ) : (
                <span>{member.roleName}</span>
              )}
              {(isAdmin || member.userId === user.id) && (
                <button
                  type="button"
                  className="secondary"
                  aria-label={member.userId === user.id ? undefined : `Remove ${member.name}`}
                  onClick={() =>
                    run(
                      () => clerk.accounts.removeMember(org.id, member.userId),
                      `${member.name} left ${org.name}.`,
                    )
                  }
                >
                  {member.userId === user.id ? 'Leave organization' : 'Remove'}
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
      {isAdmin && (
        <InviteMemberForm
          onInvite={(emailAddress, role) =>
            change
              .mutateAsync(() => clerk.accounts.invite(org.id, emailAddress, role))
              .then(() => {
                setAnnouncement(`Invitation sent to ${emailAddress}.`);
              })
          }
        />
      )}
      <h2 id="invitations-heading">Pending invitations</h2>
      {org.invitations.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul aria-labelledby="invitations-heading">
          {org.invitations.map((invitation) => (
            <li key={invitation.id}>
              {invitation.emailAddress} ({invitation.role === 'org:admin' ? 'Admin' : 'Member'})
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
