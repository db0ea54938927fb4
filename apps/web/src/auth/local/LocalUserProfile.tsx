/** Standing in for Clerk's `<UserProfile>`: who you are in the local directory, and your organizations. */
import { useUser } from '@clerk/react';

export function LocalUserProfile() {
  const { user } = useUser();
  if (!user) return null;
  return (
    <section className="card" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Profile</h2>
      <dl className="details">
        <dt>Name</dt>
        <dd>{user.fullName}</dd>
        <dt>Email address</dt>
        <dd>{user.primaryEmailAddress?.emailAddress}</dd>
        <dt>Organizations</dt>
        <dd>
          {user.organizationMemberships.length === 0
            ? 'None'
            : user.organizationMemberships
                .map((m) => `${m.organization.name} (${m.role.replace(/^org:/, '')})`)
                .join(', ')}
        </dd>
      </dl>
      <p className="muted">Local mode: names and email addresses are set at sign-up.</p>
    </section>
  );
}
