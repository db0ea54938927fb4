/**
 * Switching organization or user must clear what the previous identity could see: no task of the
 * previous org is ever rendered after the switch — not from the cache, not from a late answer.
 */
import { useTestHarness } from '@gatehouse/api-contract/testing';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseOrganization, cleanupApp, currentLocation, renderApp, signInAs } from './support/render-app';
import { createTestApi } from './support/test-api';

const harness = useTestHarness();

/** Records whether `text` is ever rendered from now on (every DOM change, not just the final state). */
function watchFor(text: string) {
  let seen = false;
  const check = () => {
    seen ||= document.body.textContent?.includes(text) ?? false;
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  return {
    get seen() {
      check();
      return seen;
    },
    stop: () => observer.disconnect(),
  };
}

afterEach(cleanupApp);

describe('organization and user switches', () => {
  it('a deep link to /tasks goes through sign-in and comes back', async () => {
    renderApp('/tasks', createTestApi(harness));
    await signInAs('Carol Solo');
    expect(currentLocation()).toBe('/tasks');
    expect(await screen.findByRole('heading', { name: 'Choose an organization' })).toBeTruthy();
    expect(screen.getByText(/not a member of any organization/)).toBeTruthy();
  });

  it('never shows the previous org’s tasks, even when its answer arrives after the switch', async () => {
    const api = createTestApi(harness);
    await api.addTask('org_acme', 'Acme launch');
    await api.addTask('org_globex', 'Globex audit');
    renderApp('/tasks', api);
    await signInAs('Alice Admin');

    const releaseAcme = api.hold('tasks.list', 'org_acme');
    await chooseOrganization('Acme');
    await waitFor(() => expect(api.calls).toContainEqual({ path: 'tasks.list', orgId: 'org_acme' }));
    expect(screen.getByText('Loading tasks…')).toBeTruthy();

    const acme = watchFor('Acme launch');
    await chooseOrganization('Globex');
    expect(await screen.findByRole('checkbox', { name: 'Globex audit' })).toBeTruthy();

    releaseAcme();
    await act(() => api.settled());
    expect(screen.getByRole('checkbox', { name: 'Globex audit' })).toBeTruthy();
    expect(acme.seen).toBe(false);
    acme.stop();
  });

  it('switching back refetches instead of showing a cached list', async () => {
    const api = createTestApi(harness);
    await api.addTask('org_acme', 'Acme launch');
    renderApp('/tasks', api);
    await signInAs('Alice Admin');
    await chooseOrganization('Acme');
    await screen.findByRole('checkbox', { name: 'Acme launch' });
    await chooseOrganization('Personal');
    expect(await screen.findByRole('heading', { name: 'Choose an organization' })).toBeTruthy();

    await api.addTask('org_acme', 'Added while away');
    const releaseAcme = api.hold('tasks.list', 'org_acme');
    await chooseOrganization('Acme');
    expect(screen.queryByText('Acme launch')).toBeNull(); // nothing from before the switch
    releaseAcme();
    expect(await screen.findByRole('checkbox', { name: 'Added while away' })).toBeTruthy();
  });

  it('signing out and in as someone else shows none of the first user’s data', async () => {
    const api = createTestApi(harness);
    await api.addTask('org_acme', 'Acme launch');
    await api.addTask('org_globex', 'Globex audit');
    renderApp('/tasks', api);
    await signInAs('Alice Admin');
    await chooseOrganization('Acme');
    await screen.findByRole('checkbox', { name: 'Acme launch' });

    const acme = watchFor('Acme launch');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await signInAs('Dave Globex');
    expect(currentLocation()).toBe('/notes');
    const select = screen.getByLabelText<HTMLSelectElement>('Organization');
    // The organizations; the entries of its "More" group (create, manage) are not switches.
    const options = [...select.options].filter((o) => o.parentElement === select).map((o) => o.text);
    expect(options).toEqual(['Personal', 'Globex']);
    fireEvent.click(screen.getByRole('link', { name: 'Tasks' }));
    await chooseOrganization('Globex');
    expect(await screen.findByRole('checkbox', { name: 'Globex audit' })).toBeTruthy();
    expect(acme.seen).toBe(false);
    acme.stop();
  });
});
