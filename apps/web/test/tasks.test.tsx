/**
 * The tasks screen against the real API in-process: optimistic add/toggle/delete with rollback,
 * delete only for org admins, and a 401 that survives the auth link's retry signing the user out.
 */
import { useTestHarness } from '@gatehouse/api-contract/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chooseOrganization,
  cleanupApp,
  currentLocation,
  deleteAndConfirm,
  renderApp,
  signInAs,
} from './support/render-app';
import { createTestApi, type TestApi } from './support/test-api';

const harness = useTestHarness();
afterEach(cleanupApp);

/** Acme's tasks as the API has them. */
const acmeTasks = async () =>
  (await harness.caller({ persona: 'alice', orgId: 'org_acme' }).tasks.list()).items;
const checkbox = (name: string) => screen.getByRole<HTMLInputElement>('checkbox', { name });

async function openAcmeTasksAs(name: string, api: TestApi) {
  renderApp('/tasks', api);
  await signInAs(name);
  await chooseOrganization('Acme');
}

describe('tasks', () => {
  it('shows an empty state, then adds a task optimistically', async () => {
    const api = createTestApi(harness);
    await openAcmeTasksAs('Alice Admin', api);
    expect(await screen.findByText(/No tasks in Acme yet/)).toBeTruthy();

    const release = api.hold('tasks.create', 'org_acme');
    fireEvent.change(screen.getByLabelText('New task'), { target: { value: 'Write the README' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add task' }));
    const pending = await screen.findByRole<HTMLInputElement>('checkbox', { name: 'Write the README' });
    expect(pending.disabled).toBe(true); // not confirmed yet
    expect((screen.getByLabelText('New task') as HTMLInputElement).value).toBe('');
    expect(await acmeTasks()).toEqual([]);

    release();
    await waitFor(() => expect(checkbox('Write the README').disabled).toBe(false));
    expect((await acmeTasks()).map((task) => task.title)).toEqual(['Write the README']);
  });

  it('checks a task at once, and rolls back when the API refuses', async () => {
    const api = createTestApi(harness);
    await api.addTask('org_acme', 'Ship it');
    await openAcmeTasksAs('Alice Admin', api);
    const box = await screen.findByRole<HTMLInputElement>('checkbox', { name: 'Ship it' });

    api.setMembership('user_alice', 'org_acme', null); // removed from Acme since the page loaded
    const release = api.hold('tasks.update');
    fireEvent.click(box);
    await waitFor(() => expect(box.checked).toBe(true)); // optimistic: the API has not answered

    release();
    const [problem] = await screen.findAllByRole('alert');
    expect(problem?.textContent).toMatch(/Could not update the task\. This needs an active organization/);
    await waitFor(() => expect(box.checked).toBe(false)); // rolled back
    expect((await acmeTasks())[0]?.done).toBe(false);
  });

  it('drops a task deleted elsewhere when toggling it answers 404', async () => {
    const api = createTestApi(harness);
    const task = await api.addTask('org_acme', 'Gone soon');
    await openAcmeTasksAs('Alice Admin', api);
    const box = await screen.findByRole('checkbox', { name: 'Gone soon' });
    // Through another replica: no live event tells the page.
    await harness.caller({ persona: 'alice', orgId: 'org_acme' }).tasks.delete({ id: task.id });
    fireEvent.click(box);
    expect((await screen.findByRole('alert')).textContent).toMatch(/no longer exists/);
    await waitFor(() => expect(screen.queryByRole('checkbox', { name: 'Gone soon' })).toBeNull()); // refetched
  });

  it('keeps a toggle that the API accepts', async () => {
    const api = createTestApi(harness);
    await api.addTask('org_acme', 'Ship it');
    await openAcmeTasksAs('Alice Admin', api);
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Ship it' }));
    await waitFor(async () => expect((await acmeTasks())[0]?.done).toBe(true));
    await waitFor(() => expect(checkbox('Ship it').checked).toBe(true));
  });

  it('removes a task at once, and puts it back with the reason when the API says 403', async () => {
    const api = createTestApi(harness);
    await api.addTask('org_acme', 'Keep me');
    await openAcmeTasksAs('Alice Admin', api);
    await screen.findByRole('checkbox', { name: 'Keep me' });

    api.setMembership('user_alice', 'org_acme', 'org:member'); // demoted since the page loaded
    const release = api.hold('tasks.delete');
    deleteAndConfirm('Delete task “Keep me”');
    await waitFor(() => expect(screen.queryByRole('checkbox', { name: 'Keep me' })).toBeNull()); // still held

    release();
    expect((await screen.findByRole('alert')).textContent).toMatch(/Only organization admins/);
    expect(await screen.findByRole('checkbox', { name: 'Keep me' })).toBeTruthy();
    expect((await acmeTasks()).map((task) => task.title)).toEqual(['Keep me']);
  });

  it('shows members the tasks but no delete button', async () => {
    const api = createTestApi(harness);
    await api.addTask('org_acme', 'Team task');
    await openAcmeTasksAs('Bob Member', api);
    const list = await screen.findByRole('list', { name: 'Tasks of Acme' });
    expect(within(list).getByRole('checkbox', { name: 'Team task' })).toBeTruthy();
    expect(within(list).queryByRole('button', { name: /delete/i })).toBeNull();
  });

  it('signs the user out with a message when a 401 survives the retry', async () => {
    const api = createTestApi(harness);
    renderApp('/tasks', api);
    await signInAs('Alice Admin');
    api.refuseTokens('token-expired');
    await chooseOrganization('Acme');
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /session expired and could not be renewed/,
    );
    expect(currentLocation()).toBe('/sign-in?redirect=%2Ftasks');
    // Every list request reached the API signed out: refused before any resolver.
    const lists = api.calls.filter((call) => call.path === 'tasks.list');
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.filter((call) => call.orgId !== null)).toEqual([]);
  });
});
