// @vitest-environment happy-dom
/**
 * Pins the local Clerk-compatible instance against the installed `@clerk/react` (6.18.0 when written):
 * Clerk's own provider, hooks and `<Show>` must see sign-in, the active org, roles and permissions
 * exactly as with clerk-js. An `@clerk/react` upgrade that reads something the instance lacks fails here.
 */
import { ClerkProvider, Show, useAuth, useClerk, useOrganization, useUser } from '@clerk/react';
import type { ClerkProp } from '@clerk/react/types';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalClerk } from '../../src/browser';
import { fakeDevAuth, memoryStorage } from './fake-dev-auth';

type Auth = ReturnType<typeof useAuth>;
type Clerk = ReturnType<typeof useClerk>;
const seen: { auth?: Auth; clerk?: Clerk } = {};

function Probe() {
  const auth = useAuth();
  const { user } = useUser();
  const { organization, membership } = useOrganization();
  seen.auth = auth;
  seen.clerk = useClerk();
  const state = {
    isLoaded: auth.isLoaded,
    isSignedIn: auth.isSignedIn,
    userId: auth.userId,
    orgId: auth.orgId,
    orgRole: auth.orgRole,
    orgSlug: auth.orgSlug,
    name: user?.fullName ?? null,
    orgs: user?.organizationMemberships.map((m) => m.organization.name) ?? [],
    organization: organization?.name ?? null,
    membershipRole: membership?.role ?? null,
    canDeleteTasks: auth.has?.({ permission: 'org:tasks:delete' }) ?? false,
  };
  return (
    <>
      <pre data-testid="state">{JSON.stringify(state)}</pre>
      <Show when="signed-out">
        <p>signed out</p>
      </Show>
      <Show when={{ role: 'org:admin' }} fallback={<p>not an admin here</p>}>
        <p>admin controls</p>
      </Show>
    </>
  );
}

const instances: LocalClerk[] = [];
function renderWith(
  options: { storage?: ReturnType<typeof memoryStorage>; dev?: ReturnType<typeof fakeDevAuth> } = {},
) {
  const dev = options.dev ?? fakeDevAuth();
  const clerk = new LocalClerk({
    apiUrl: 'http://api.test',
    fetch: dev.fetch,
    storage: options.storage ?? null,
  });
  instances.push(clerk);
  render(
    <ClerkProvider
      publishableKey="pk_local_gatehouse"
      Clerk={clerk as unknown as ClerkProp}
      telemetry={false}
    >
      <Probe />
    </ClerkProvider>,
  );
  return { clerk, dev };
}

function state(): Record<string, unknown> {
  return JSON.parse(screen.getByTestId('state').textContent ?? '{}');
}

afterEach(() => {
  cleanup();
  for (const instance of instances.splice(0)) instance.destroy();
});

describe('LocalClerk through @clerk/react', () => {
  it('loads signed out: hooks are loaded, <Show when="signed-out"> renders, getToken() is null', async () => {
    renderWith();
    await waitFor(() => expect(state()).toMatchObject({ isLoaded: true, isSignedIn: false, userId: null }));
    expect(screen.getByText('signed out')).toBeTruthy();
    await expect(seen.auth!.getToken()).resolves.toBeNull();
  });

  it('signs in as a persona: useAuth, useUser and getToken() see the session, with no active org', async () => {
    const { clerk } = renderWith();
    await waitFor(() => expect(state()).toMatchObject({ isLoaded: true }));
    await act(() => clerk.signInAsPersona('user_alice'));
    expect(state()).toMatchObject({
      isSignedIn: true,
      userId: 'user_alice',
      orgId: null,
      name: 'Alice Admin',
      orgs: ['Acme', 'Globex'],
      organization: null,
    });
    expect(screen.queryByText('signed out')).toBeNull();
    const token = await seen.auth!.getToken();
    expect(token?.split('.')).toHaveLength(3);
  });

  it('switches org with Clerk’s setActive: role, permissions and <Show when={{ role }}> follow', async () => {
    const { clerk, dev } = renderWith();
    await waitFor(() => expect(state()).toMatchObject({ isLoaded: true }));
    await act(() => clerk.signInAsPersona('user_alice'));
    await act(() => seen.clerk!.setActive({ organization: 'org_acme' }));
    expect(state()).toMatchObject({
      orgId: 'org_acme',
      orgRole: 'org:admin',
      orgSlug: 'acme',
      organization: 'Acme',
      membershipRole: 'org:admin',
      canDeleteTasks: true,
    });
    expect(screen.getByText('admin controls')).toBeTruthy();
    expect(dev.mints.at(-1)).toMatchObject({ userId: 'user_alice', orgId: 'org_acme' });

    await act(() => seen.clerk!.setActive({ organization: 'org_globex' }));
    expect(state()).toMatchObject({ orgId: 'org_globex', orgRole: 'org:member', canDeleteTasks: false });
    expect(screen.getByText('not an admin here')).toBeTruthy();

    await act(() => seen.clerk!.setActive({ organization: null }));
    expect(state()).toMatchObject({ orgId: null, organization: null });
  });

  it('refuses an org the persona does not belong to, and keeps the current one', async () => {
    const { clerk } = renderWith();
    await waitFor(() => expect(state()).toMatchObject({ isLoaded: true }));
    await act(() => clerk.signInAsPersona('user_bob'));
    await act(() => seen.clerk!.setActive({ organization: 'org_acme' }));
    await expect(clerk.setActive({ organization: 'org_globex' })).rejects.toThrow(/not a member/);
    expect(state()).toMatchObject({ orgId: 'org_acme', orgRole: 'org:member' });
  });

  it('restores the persona and org after a reload, and forgets them on sign-out', async () => {
    const storage = memoryStorage();
    const first = renderWith({ storage });
    await waitFor(() => expect(state()).toMatchObject({ isLoaded: true }));
    await act(() => first.clerk.signInAsPersona('user_dave'));
    await act(() => seen.clerk!.setActive({ organization: 'org_globex' }));
    cleanup();

    renderWith({ storage });
    await waitFor(() =>
      expect(state()).toMatchObject({ isLoaded: true, userId: 'user_dave', orgId: 'org_globex' }),
    );
    await act(() => seen.auth!.signOut());
    expect(state()).toMatchObject({ isSignedIn: false, userId: null });
    expect(storage.getItem('gatehouse.local-session')).toBeNull();
    await expect(seen.auth!.getToken()).resolves.toBeNull();
  });
});
