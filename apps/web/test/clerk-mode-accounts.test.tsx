/**
 * Clerk mode's account screens: each route renders Clerk's own component, configured for path routing
 * inside this app and for sending people back where they were going. Clerk's components are drawn by
 * clerk-js (`mountSignUp(node, props)`, …); a Clerk-compatible stand-in (the local instance, plus the
 * mount calls) records what `@clerk/react` asks it to draw, and the options `ClerkProvider` loads it with.
 */
import type { ClerkProp } from '@clerk/react/types';
import { useTestHarness } from '@gatehouse/api-contract/testing';
import { LocalClerk } from '@gatehouse/auth/browser';
import { cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppRoutes } from '../src/App';
import { ApiProvider } from '../src/api/ApiProvider';
import ClerkAuthProvider from '../src/auth/clerk/ClerkAuthProvider';
import { SessionNoticeProvider } from '../src/auth/session-notice';
import { memoryRouter } from './support/render-app';
import { API_URL, createTestApi } from './support/test-api';

const harness = useTestHarness();

const COMPONENTS = [
  'SignIn',
  'SignUp',
  'OrganizationSwitcher',
  'OrganizationProfile',
  'CreateOrganization',
  'UserProfile',
  'UserButton',
] as const;
type Component = (typeof COMPONENTS)[number];

/** The local Clerk-compatible instance, drawing Clerk's components as a marker and recording their props. */
class ClerkStandIn extends LocalClerk {
  loadOptions: Record<string, unknown> = {};
  readonly mounted = new Map<Component, Record<string, unknown>>();

  override load(options: Record<string, unknown> = {}): Promise<void> {
    this.loadOptions = options;
    return super.load();
  }
}
for (const name of COMPONENTS) {
  Object.assign(ClerkStandIn.prototype, {
    [`mount${name}`](this: ClerkStandIn, node: HTMLElement, props: Record<string, unknown>) {
      this.mounted.set(name, props);
      node.textContent = `Clerk ${name}`;
    },
    [`unmount${name}`]() {},
  });
}
// What clerk-js offers besides the mounts, that the components call (no-ops here).
Object.assign(ClerkStandIn.prototype, {
  __internal_updateProps() {},
  __experimental_prefetchOrganizationSwitcher() {},
});

const instances: LocalClerk[] = [];
afterEach(() => {
  cleanup();
  for (const clerk of instances.splice(0)) clerk.destroy();
});

async function renderClerkMode(path: string, signedInAs?: { userId: string; orgId: string | null }) {
  const api = createTestApi(harness);
  const clerk = new ClerkStandIn({ apiUrl: API_URL, fetch: api.fetch, storage: null });
  instances.push(clerk);
  if (signedInAs) {
    await clerk.signInAsPersona(signedInAs.userId);
    await clerk.setActive({ organization: signedInAs.orgId });
  }
  const InMemory = memoryRouter(path);
  render(
    <InMemory>
      <SessionNoticeProvider>
        <ClerkAuthProvider publishableKey="pk_test_stand_in" Clerk={clerk as unknown as ClerkProp}>
          <ApiProvider options={{ apiUrl: API_URL, fetch: api.fetch }}>
            <AppRoutes />
          </ApiProvider>
        </ClerkAuthProvider>
      </SessionNoticeProvider>
    </InMemory>,
  );
  return clerk;
}

const mountedWith = async (clerk: ClerkStandIn, component: Component) => {
  await waitFor(() => expect(clerk.mounted.has(component)).toBe(true));
  return clerk.mounted.get(component);
};

describe('Clerk mode account screens', () => {
  it('/sign-up renders <SignUp> with path routing, back to where the person was going', async () => {
    const clerk = await renderClerkMode('/sign-up?redirect=%2Ftasks');
    expect(await mountedWith(clerk, 'SignUp')).toMatchObject({
      routing: 'path',
      path: '/sign-up',
      signInUrl: '/sign-in',
      forceRedirectUrl: '/tasks',
      signInForceRedirectUrl: '/tasks',
    });
    expect(clerk.loadOptions).toMatchObject({ signInUrl: '/sign-in', signUpUrl: '/sign-up' });
  });

  it('/sign-in renders <SignIn> that links to this app’s sign-up', async () => {
    const clerk = await renderClerkMode('/sign-in?redirect=%2Fnotes');
    expect(await mountedWith(clerk, 'SignIn')).toMatchObject({
      routing: 'path',
      path: '/sign-in',
      signUpUrl: '/sign-up',
      forceRedirectUrl: '/notes',
      signUpForceRedirectUrl: '/notes',
    });
  });

  it('/organization renders <OrganizationProfile>; the header has the switcher and the user menu', async () => {
    const clerk = await renderClerkMode('/organization', { userId: 'user_alice', orgId: 'org_acme' });
    expect(await mountedWith(clerk, 'OrganizationProfile')).toMatchObject({
      routing: 'path',
      path: '/organization',
    });
    expect(await mountedWith(clerk, 'OrganizationSwitcher')).toMatchObject({
      hidePersonal: false,
      organizationProfileMode: 'navigation',
      organizationProfileUrl: '/organization',
      createOrganizationMode: 'navigation',
      createOrganizationUrl: '/create-organization',
    });
    expect(await mountedWith(clerk, 'UserButton')).toMatchObject({
      userProfileMode: 'navigation',
      userProfileUrl: '/user',
    });
  });

  it('/organization in the personal account, and /create-organization, render <CreateOrganization>', async () => {
    for (const path of ['/organization', '/create-organization']) {
      const clerk = await renderClerkMode(path, { userId: 'user_carol', orgId: null });
      expect(await mountedWith(clerk, 'CreateOrganization')).toMatchObject({
        routing: 'path',
        afterCreateOrganizationUrl: '/organization',
      });
      expect(clerk.mounted.has('OrganizationProfile')).toBe(false);
      cleanup();
    }
  });

  it('/user renders <UserProfile> with path routing', async () => {
    const clerk = await renderClerkMode('/user', { userId: 'user_bob', orgId: null });
    expect(await mountedWith(clerk, 'UserProfile')).toMatchObject({ routing: 'path', path: '/user' });
  });
});
