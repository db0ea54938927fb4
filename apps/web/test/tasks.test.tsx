/**
 * The tasks screen: optimistic add/toggle/delete with rollback, delete only for org admins, and a
 * 401 that survives the auth link's retry signing the user out with a message.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeApi } from './support/fake-api';
import { chooseOrganization, cleanupApp, currentLocation, renderApp, signInAs } from './support/render-app';

afterEach(cleanupApp);

async function openAcmeTasksAs(name: string, api = createFakeApi()) {
  renderApp('/tasks', api);
  await signInAs(name);
  await chooseOrganization('Acme');
  return api;
}

describe('tasks', () => {
  it('shows an empty state, then adds a task optimistically', async () => {
    const api = await openAcmeTasksAs('Alice Admin');
    expect(await screen.findByText(/No tasks in Acme yet/)).toBeTruthy();

    const release = api.hold('tasks.create', 'org_acme');
    fireEvent.change(screen.getByLabelText('New task'), { target: { value: 'Write the README' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add task' }));
    const pending = await screen.findByRole('checkbox', { name: 'Write the README' });
    expect((pending as HTMLInputElement).disabled).toBe(true); // not confirmed yet
    expect((screen.getByLabelText('New task') as HTMLInputElement).value).toBe('');

    release();
    await waitFor(() =>
      expect((screen.getByRole('checkbox', { name: 'Write the README' }) as HTMLInputElement).disabled).toBe(
        false,
      ),
    );
    expect(api.tasks.map((task) => task.title)).toEqual(['Write the README']);
  });

  it('checks a task at once, and rolls back when the API refuses', async () => {
    const api = createFakeApi();
    api.addTask('org_acme', 'Ship it');
    await openAcmeTasksAs('Alice Admin', api);
    const checkbox = (await screen.findByRole('checkbox', { name: 'Ship it' })) as HTMLInputElement;

    api.forbid.set('tasks.update', 'missing-permission');
    const release = api.hold('tasks.update', 'org_acme');
    fireEvent.click(checkbox);
    await waitFor(() => expect(checkbox.checked).toBe(true)); // optimistic: the API has not answered

    release();
    expect((await screen.findByRole('alert')).textContent).toMatch(/lacks the permission/);
    await waitFor(() => expect(checkbox.checked).toBe(false)); // rolled back
    expect(api.tasks[0]?.done).toBe(false);
  });

  it('drops a task deleted elsewhere when toggling it answers 404', async () => {
    const api = createFakeApi();
    const task = api.addTask('org_acme', 'Gone soon');
    await openAcmeTasksAs('Alice Admin', api);
    const checkbox = await screen.findByRole('checkbox', { name: 'Gone soon' });
    api.tasks.splice(api.tasks.indexOf(task), 1);
    fireEvent.click(checkbox);
    expect((await screen.findByRole('alert')).textContent).toMatch(/no longer exists/);
    await waitFor(() => expect(screen.queryByRole('checkbox', { name: 'Gone soon' })).toBeNull()); // refetched
  });

  it('keeps a toggle that the API accepts', async () => {
    const api = createFakeApi();
    api.addTask('org_acme', 'Ship it');
    await openAcmeTasksAs('Alice Admin', api);
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Ship it' }));
    await waitFor(() => expect(api.tasks[0]?.done).toBe(true));
    expect((screen.getByRole('checkbox', { name: 'Ship it' }) as HTMLInputElement).checked).toBe(true);
  });

  it('removes a task at once, and puts it back with the reason when the API says 403', async () => {
    const api = createFakeApi();
    api.addTask('org_acme', 'Keep me');
    await openAcmeTasksAs('Alice Admin', api);
    await screen.findByRole('checkbox', { name: 'Keep me' });

    api.forbid.set('tasks.delete', 'missing-role'); // e.g. demoted since the page loaded
    const release = api.hold('tasks.delete', 'org_acme');
    fireEvent.click(screen.getByRole('button', { name: 'Delete task “Keep me”' }));
    await waitFor(() => expect(screen.queryByRole('checkbox', { name: 'Keep me' })).toBeNull()); // still held

    release();
    expect((await screen.findByRole('alert')).textContent).toMatch(/Only organization admins/);
    expect(await screen.findByRole('checkbox', { name: 'Keep me' })).toBeTruthy();
  });

  it('shows members the tasks but no delete button', async () => {
    const api = createFakeApi();
    api.addTask('org_acme', 'Team task');
    await openAcmeTasksAs('Bob Member', api);
    const list = await screen.findByRole('list', { name: 'Tasks of Acme' });
    expect(within(list).getByRole('checkbox', { name: 'Team task' })).toBeTruthy();
    expect(within(list).queryByRole('button', { name: /delete/i })).toBeNull();
  });

  it('signs the user out with a message when a 401 survives the retry', async () => {
    const api = createFakeApi();
    renderApp('/tasks', api);
    await signInAs('Alice Admin');
    api.rejectTokens = 'token-expired';
    await chooseOrganization('Acme');
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /session expired and could not be renewed/,
    );
    expect(currentLocation()).toBe('/sign-in?redirect=%2Ftasks');
    expect(api.calls.filter((call) => call.path === 'tasks.list')).toEqual([]); // refused before any resolver
  });
});
