/**
 * Mutations across a short outage: the SPA retries a task creation on no answer and on 503, with the
 * user action's one idempotency key, so the action is neither lost nor applied twice.
 */
import { useTestHarness } from '@gatehouse/api-contract/testing';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseOrganization, cleanupApp, renderApp, signInAs } from './support/render-app';
import { createTestApi, type TestApi } from './support/test-api';

const harness = useTestHarness();
afterEach(cleanupApp);

const acmeTitles = async () =>
  (await harness.caller({ persona: 'alice', orgId: 'org_acme' }).tasks.list()).items.map((t) => t.title);
const createCalls = (api: TestApi) => api.calls.filter((call) => call.path === 'tasks.create').length;

/** Adds `title` on Acme's tasks screen, then waits until the API was called `calls` times and answered. */
async function addTask(api: TestApi, title: string, calls: number) {
  renderApp('/tasks', api);
  await signInAs('Alice Admin');
  await chooseOrganization('Acme');
  await screen.findByText(/No tasks in Acme yet/);
  fireEvent.change(screen.getByLabelText('New task'), { target: { value: title } });
  fireEvent.click(screen.getByRole('button', { name: 'Add task' }));
  await waitFor(() => expect(createCalls(api)).toBe(calls), { timeout: 15_000 });
  await api.settled();
  await waitFor(() => {
    const shown = screen.getAllByRole<HTMLInputElement>('checkbox', { name: title });
    expect(shown.map((box) => box.disabled)).toEqual([false]);
  });
}

describe('mutations across an outage', () => {
  it('retries a creation whose answer was lost, and the API applies it once', async () => {
    const api = createTestApi(harness);
    api.fail('tasks.create', 1, 'answer-lost');
    await addTask(api, 'Sent once', 2);
    expect(await acmeTitles()).toEqual(['Sent once']);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('retries through 503s until the database is back', async () => {
    const api = createTestApi(harness);
    api.fail('tasks.create', 2, 'unavailable');
    await addTask(api, 'Patient', 3);
    expect(await acmeTitles()).toEqual(['Patient']);
  });

  it('gives two actions two keys: the same title added twice is two tasks', async () => {
    const api = createTestApi(harness);
    await addTask(api, 'Twice', 1);
    fireEvent.change(screen.getByLabelText('New task'), { target: { value: 'Twice' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add task' }));
    await waitFor(() => expect(createCalls(api)).toBe(2));
    await api.settled();
    expect(await acmeTitles()).toEqual(['Twice', 'Twice']);
  });
});
