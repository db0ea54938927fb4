/**
 * The tasks screen updating live: the real `tasks.onChange` over SSE framing, through the SPA's own
 * link stack (eventsource + bearer fetch), fed by real mutations of other members on the same API.
 */
import type { TaskStreamEvent } from '@gatehouse/api-contract';
import { useTestHarness } from '@gatehouse/api-contract/testing';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PagedList } from '../src/api/paged-cache';
import type { Task } from '../src/api/trpc';
import { applyTaskEvent } from '../src/tasks/live-tasks';
import { chooseOrganization, cleanupApp, renderApp, signInAs } from './support/render-app';
import { createTestApi, type TestApi } from './support/test-api';

const harness = useTestHarness();
afterEach(cleanupApp);

/** Opens Acme's tasks as Alice, holding the stream's first connection to see "Connecting" first. */
async function openAcmeTasks(api: TestApi) {
  const releaseStream = api.hold('tasks.onChange', 'org_acme');
  renderApp('/tasks', api);
  await signInAs('Alice Admin');
  await chooseOrganization('Acme');
  await waitFor(() => expect(api.calls).toContainEqual({ path: 'tasks.onChange', orgId: 'org_acme' }));
  expect(screen.getByRole('status', { name: /Live updates/ }).textContent).toBe(
    'Connecting to live updates…',
  );
  releaseStream();
  await screen.findByText('Live');
}

const checkboxes = (name: string) => screen.queryAllByRole<HTMLInputElement>('checkbox', { name });
const acmeTasks = async () =>
  (await harness.caller({ persona: 'alice', orgId: 'org_acme' }).tasks.list()).items;

describe('live tasks', () => {
  it('connects with the bearer token in a header, never in the URL, and says when it is live', async () => {
    const api = createTestApi(harness);
    await openAcmeTasks(api);
    const [connection] = api.connections;
    expect(connection?.headers.get('authorization')).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(connection?.url).not.toMatch(/token|authorization|connectionParams/i);
    expect(api.listening()).toEqual(['org_acme']);
  });

  it("applies another member's created, updated and deleted tasks without a reload, once each", async () => {
    const api = createTestApi(harness);
    await openAcmeTasks(api);
    const bob = api.as('bob', 'org_acme');
    const task = await bob.tasks.create({ title: 'Added by Bob' });
    await screen.findByRole('checkbox', { name: 'Added by Bob' });
    await bob.tasks.update({ id: task.id, done: true });
    await waitFor(() => expect(checkboxes('Added by Bob')[0]?.checked).toBe(true));
    expect(checkboxes('Added by Bob')).toHaveLength(1);

    await api.as('alice', 'org_acme').tasks.delete({ id: task.id }); // an admin, in another tab
    await waitFor(() => expect(checkboxes('Added by Bob')).toHaveLength(0));
  });

  it('shows our own new task once when its live event beats the mutation answer', async () => {
    const api = createTestApi(harness);
    await openAcmeTasks(api);
    const release = api.holdAnswers('tasks.create');
    fireEvent.change(screen.getByLabelText('New task'), { target: { value: 'Mine' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add task' }));
    await screen.findByRole('checkbox', { name: 'Mine' }); // the optimistic placeholder

    // The API committed it and announced it; its answer to the mutation is still held.
    await waitFor(() => expect(checkboxes('Mine')[0]?.disabled).toBe(false));
    expect(checkboxes('Mine')).toHaveLength(1);
    expect((await acmeTasks()).map((task) => task.title)).toEqual(['Mine']);
    release();
    await api.settled();
    await waitFor(() => expect(checkboxes('Mine')).toHaveLength(1));
  });

  it("never takes another member's task of the same title for our pending one", async () => {
    const api = createTestApi(harness);
    await openAcmeTasks(api);
    const release = api.hold('tasks.create', 'org_acme');
    fireEvent.change(screen.getByLabelText('New task'), { target: { value: 'Mine' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add task' }));
    await screen.findByRole('checkbox', { name: 'Mine' }); // our placeholder, not sent on yet

    await api.as('bob', 'org_acme').tasks.create({ title: 'Mine' });
    await waitFor(() => expect(checkboxes('Mine')).toHaveLength(2));
    expect(checkboxes('Mine').filter((box) => box.disabled)).toHaveLength(1); // ours is still pending

    release();
    await waitFor(() => expect(checkboxes('Mine').filter((box) => !box.disabled)).toHaveLength(2));
    await api.settled();
    expect(checkboxes('Mine')).toHaveLength(2);
    expect((await acmeTasks()).map((task) => task.createdBy).sort()).toEqual(['user_alice', 'user_bob']);
  });

  it('reconnects by itself after a gateway error, but waits for the user after a refusal', async () => {
    const api = createTestApi(harness);
    api.failConnections(1);
    renderApp('/tasks', api);
    await signInAs('Alice Admin');
    await chooseOrganization('Acme');
    // The EventSource gave up on the 502; the page tries again after a short backoff.
    await screen.findByText('Live', {}, { timeout: 5_000 });
    expect(api.connections).toHaveLength(2);
    expect(screen.queryByRole('button', { name: 'Reconnect live updates' })).toBeNull();

    // Alice leaves Acme, then the API restarts: the stream ends, and reconnecting is refused (403).
    api.setMembership('user_alice', 'org_acme', null);
    await api.restart();
    const reconnect = await screen.findByRole(
      'button',
      { name: 'Reconnect live updates' },
      { timeout: 10_000 },
    );
    expect(screen.getByText('Live updates stopped')).toBeTruthy();
    expect(api.connections).toHaveLength(3);
    fireEvent.click(reconnect);
    await waitFor(() => expect(api.connections).toHaveLength(4));
  });

  it('refetches the list when the server says the history could not be replayed', async () => {
    const api = createTestApi(harness);
    const releaseStream = api.hold('tasks.onChange', 'org_acme');
    renderApp('/tasks', api);
    await signInAs('Alice Admin');
    await chooseOrganization('Acme');
    expect(await screen.findByText(/No tasks in Acme yet/)).toBeTruthy();
    const lists = () => api.calls.filter((call) => call.path === 'tasks.list').length;
    const before = lists();
    // Through another replica, before the stream connects: nothing can replay it.
    await harness
      .caller({ persona: 'bob', orgId: 'org_acme' })
      .tasks.create({ title: 'Made while we could not hear' });
    releaseStream(); // a first connection: `ready` with `resync: true`
    await screen.findByRole('checkbox', { name: 'Made while we could not hear' });
    expect(lists()).toBe(before + 1);
  });
});

describe('applying a live event to the cached list', () => {
  const at = new Date('2025-01-01T00:00:00Z');
  const task = (id: string, title: string, createdBy = 'user_bob'): Task => ({
    id,
    title,
    done: false,
    createdBy,
    authorName: null,
    createdAt: at,
    updatedAt: at,
  });
  const listOf = (...items: Task[]): PagedList<Task> => ({
    pages: [{ items, nextCursor: null }],
    pageParams: [null],
  });
  const titles = (list: PagedList<Task>) => list.pages.flatMap((page) => page.items.map((t) => t.title));
  const created = (t: Task): TaskStreamEvent => ({ type: 'created', task: t });

  it('applies a created event seen twice (a replay after a reconnect) once', () => {
    const event = created(task('t1', 'Added by Bob'));
    const once = applyTaskEvent(listOf(), event, 'user_alice');
    expect(titles(applyTaskEvent(once, event, 'user_alice'))).toEqual(['Added by Bob']);
  });

  it('keeps our placeholder when our own event does not match it (a title the API normalised)', () => {
    const pending = task('pending-1', 'Mine', 'user_alice');
    const list = applyTaskEvent(
      listOf(pending),
      created(task('t2', 'Mine, normalised', 'user_alice')),
      'user_alice',
    );
    expect(titles(list)).toEqual(['Mine, normalised', 'Mine']);
    const matching = applyTaskEvent(listOf(pending), created(task('t3', 'Mine', 'user_alice')), 'user_alice');
    expect(matching.pages[0]?.items.map((t) => t.id)).toEqual(['t3']);
  });
});
