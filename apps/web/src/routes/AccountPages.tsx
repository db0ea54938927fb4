import { useOrganization } from '@clerk/react';
import type { ReactNode } from 'react';
import { useAuthUi } from '../auth/auth-ui';
import { usePageTitle } from '../ui/usePageTitle';

function AccountPage({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {title}
      </h1>
      {children}
    </section>
  );
}

/**
 * The active organization's profile (members, invitations, roles); in the personal account, where
 * there is none to show, the way to create one.
 */
export function OrganizationPage() {
  const { organization, isLoaded } = useOrganization();
  const { OrganizationProfile, CreateOrganization } = useAuthUi();
  return (
    <AccountPage title={organization?.name ?? 'Organization'}>
      {isLoaded && !organization && (
        <p className="muted">
          You are in your personal account. Create an organization, or switch to one above.
        </p>
      )}
      {isLoaded && (organization ? <OrganizationProfile /> : <CreateOrganization />)}
    </AccountPage>
  );
}

export function CreateOrganizationPage() {
  const { CreateOrganization } = useAuthUi();
  return (
    <AccountPage title="Create organization">
      <CreateOrganization />
    </AccountPage>
  );
}

export function UserProfilePage() {
  const { UserProfile } = useAuthUi();
  return (
    <AccountPage title="Account">
      <UserProfile />
    </AccountPage>
  );
}
