/**
 * A retried action goes out only as whoever started it, in the organization it was started in: a
 * switch of organization or account while it waits for the API drops it, says so, and sends nothing.
 */
import { useTestHarness } from '@gatehouse/api-contract/testing';
import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseOrganization, cleanupApp, renderApp, signInAs } from './support/render-app';
import { createTestApi } from './support/test-api';

const harness = useTestHarness();
afterEach(cleanupApp);

const DROPPED = /A change you made was not saved/;

describe('a retry after a switch of identity', () => {
  it('is not sent in the organization switched to', async () => {
    const api = createTestApi(harness);
    // The first attempt waits at the API, then finds its database away: the retry comes after the switch.
    api.fail('tasks.create', 1, 'unavailable');
    const release = api.hold('tasks.create');
    renderApp('/tasks', api);
    await signInAs('Alice Admin');
    await chooseOrganization('Acme');
    await screen.findByText(/No tasks in Acme yet/);
    fireEvent.change(screen.getByLabelText('New task'), { target: { value: 'For Acme' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add task' }));
    await expect.poll(() => api.calls.filter((call) => call.path === 'tasks.create')).toHaveLength(1);

    await chooseOrganization('Globex');
    release();
    expect(await screen.findByText(DROPPED, {}, { timeout: 10_000 })).toBeTruthy();
    await api.settled();
    const creates = api.calls.filter((call) => call.path === 'tasks.create');
    expect(creates).toEqual([{ path: 'tasks.create', orgId: 'org_acme' }]);
    const globex = await harness.caller({ persona: 'alice', orgId: 'org_globex' }).tasks.list();
    expect(globex.items).toEqual([]);
  });

  it('is not sent as the next user after a sign-out and sign-in', async () => {
    const api = createTestApi(harness);
    api.fail('notes.create', 1, 'unavailable');
    const release = api.hold('notes.create');
    renderApp('/notes', api);
    await signInAs('Alice Admin');
    fireEvent.change(await screen.findByLabelText('Title'), { target: { value: 'Alice’s plan' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add note' }));
    await expect.poll(() => api.calls.filter((call) => call.path === 'notes.create')).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await signInAs('Bob Member');
    release();
    expect(await screen.findByText(DROPPED, {}, { timeout: 10_000 })).toBeTruthy();
    await api.settled();
    expect(api.calls.filter((call) => call.path === 'notes.create')).toHaveLength(1);
    const bobs = await harness.caller({ persona: 'bob', orgId: 'org_acme' }).notes.list();
    expect(bobs.items).toEqual([]);
  });
});
