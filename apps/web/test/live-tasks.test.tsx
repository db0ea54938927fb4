/**
 * The tasks screen updating live: `tasks.onChange` served over real SSE framing (a small tRPC router
 * whose subscription the test feeds) through the SPA's own link stack (eventsource + bearer fetch).
 * The rest of the API is the in-memory fake of the other component tests.
 */
import { EventEmitter, on } from 'node:events';
import type { TaskStreamEvent } from '@gatehouse/api-contract';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { initTRPC, TRPCError, tracked } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFakeApi } from './support/fake-api';
import { chooseOrganization, cleanupApp, renderApp, signInAs } from './support/render-app';

afterEach(cleanupApp);

/** The fake API plus a live `tasks.onChange` the test pushes events into. */
function liveApi() {
  const api = createFakeApi();
  const stream = new EventEmitter();
  const connections: Request[] = [];
  const t = initTRPC.create({ transformer: superjson });
  const router = t.router({
    tasks: t.router({
      onChange: t.procedure.input(z.unknown()).subscription(async function* ({ signal }) {
        for await (const [id, event] of on(stream, 'event', { signal })) {
          if (id === null) throw new TRPCError({ code: 'FORBIDDEN', message: 'Choose an organization' });
          yield tracked(id as string, event as TaskStreamEvent);
        }
      }),
    }),
  });
  let answerHeld: Promise<void> | null = null;
  let gatewayErrors = 0;
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    if (url.pathname === '/trpc/tasks.create' && answerHeld) {
      const answer = await api.fetch(input, init); // committed: only the answer is late
      await answerHeld;
      return answer;
    }
    if (url.pathname !== '/trpc/tasks.onChange') return api.fetch(input, init);
    const req = new Request(url, init);
    connections.push(req);
    if (gatewayErrors > 0) {
      gatewayErrors -= 1;
      return new Response('Bad gateway', { status: 502 }); // e.g. a load balancer during a deploy
    }
    return fetchRequestHandler({ endpoint: '/trpc', req, router, createContext: () => ({}) });
  }) as typeof globalThis.fetch;
  return {
    ...api,
    fetch,
    connections,
    push: (id: string, event: TaskStreamEvent) => stream.emit('event', id, event),
    /** The stream ends with a 403 from the API. */
    refuse: () => stream.emit('event', null, null),
    listening: () => stream.listenerCount('event') > 0,
    /** The next `count` connections are answered 502 by "the load balancer". */
    failConnections(count: number) {
      gatewayErrors = count;
    },
    /** Answers to `tasks.create` reach the page only once the returned function is called. */
    holdCreateAnswers(): () => void {
      let release!: () => void;
      answerHeld = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        answerHeld = null;
        release();
      };
    },
  };
}

async function openAcmeTasks(api: ReturnType<typeof liveApi>) {
  renderApp('/tasks', api);
  await signInAs('Alice Admin');
  await chooseOrganization('Acme');
  await waitFor(() => expect(api.listening()).toBe(true));
  expect(screen.getByRole('status', { name: /Live updates/ }).textContent).toBe(
    'Connecting to live updates…',
  );
  api.push('org_acme:0', { type: 'ready', resync: false });
  await screen.findByText('Live');
}

const checkboxes = (name: string) => screen.queryAllByRole('checkbox', { name });

describe('live tasks', () => {
  it('connects with the bearer token in a header, never in the URL, and says when it is live', async () => {
    const api = liveApi();
    await openAcmeTasks(api);
    const [connection] = api.connections;
    expect(connection?.headers.get('authorization')).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(connection?.url).not.toMatch(/token|authorization|connectionParams/i);
  });

  it("applies another member's created, updated and deleted tasks without a reload, once each", async () => {
    const api = liveApi();
    await openAcmeTasks(api);
    const row = api.addTask('org_acme', 'Added by Bob', 'user_bob');
    const { orgId: _org, ...task } = row;
    api.push('org_acme:1', { type: 'created', task });
    await screen.findByRole('checkbox', { name: 'Added by Bob' });
    api.push('org_acme:1', { type: 'created', task }); // replayed after a reconnect
    api.push('org_acme:2', { type: 'updated', task: { ...task, done: true, updatedAt: new Date() } });
    await waitFor(() => expect((checkboxes('Added by Bob')[0] as HTMLInputElement).checked).toBe(true));
    expect(checkboxes('Added by Bob')).toHaveLength(1);

    api.push('org_acme:3', { type: 'deleted', taskId: task.id });
    await waitFor(() => expect(checkboxes('Added by Bob')).toHaveLength(0));
  });

  it('shows our own new task once when its live event beats the mutation answer', async () => {
    const api = liveApi();
    await openAcmeTasks(api);
    const release = api.holdCreateAnswers();
    fireEvent.change(screen.getByLabelText('New task'), { target: { value: 'Mine' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add task' }));
    await screen.findByRole('checkbox', { name: 'Mine' }); // the optimistic placeholder

    // The API committed it: the event arrives before the mutation's own answer.
    await waitFor(() => expect(api.tasks.map((row) => row.title)).toEqual(['Mine']));
    const { orgId: _org, ...task } = api.tasks[0]!;
    api.push('org_acme:1', { type: 'created', task });
    await waitFor(() => expect((checkboxes('Mine')[0] as HTMLInputElement).disabled).toBe(false));
    expect(checkboxes('Mine')).toHaveLength(1);
    release();
    await api.settled();
    await waitFor(() => expect(checkboxes('Mine')).toHaveLength(1));
  });

  it('shows it once too when the event does not match the placeholder (a title the API normalised)', async () => {
    const api = liveApi();
    await openAcmeTasks(api);
    const release = api.holdCreateAnswers();
    fireEvent.change(screen.getByLabelText('New task'), { target: { value: 'Mine' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add task' }));
    await waitFor(() => expect(api.tasks).toHaveLength(1));
    const { orgId: _org, ...task } = api.tasks[0]!;
    api.push('org_acme:1', { type: 'created', task: { ...task, title: 'Mine, normalised' } });
    await screen.findByRole('checkbox', { name: 'Mine, normalised' });
    expect(screen.getAllByRole('checkbox')).toHaveLength(2); // the placeholder is still pending
    // Hold the refetch that follows the mutation, so only the mutation's own edit is on screen.
    const releaseList = api.hold('tasks.list', 'org_acme');
    release();
    const enabled = () => screen.getAllByRole<HTMLInputElement>('checkbox').filter((box) => !box.disabled);
    await waitFor(() => expect(enabled()).toHaveLength(screen.getAllByRole('checkbox').length));
    expect(screen.getAllByRole('checkbox')).toHaveLength(1);
    releaseList();
    await api.settled();
    expect(screen.getAllByRole('checkbox')).toHaveLength(1);
  });

  it('reconnects by itself after a gateway error, but waits for the user after a refusal', async () => {
    const api = liveApi();
    api.failConnections(1);
    renderApp('/tasks', api);
    await signInAs('Alice Admin');
    await chooseOrganization('Acme');
    // The EventSource gave up on the 502; the page tries again after a short backoff.
    await waitFor(() => expect(api.listening()).toBe(true), { timeout: 5_000 });
    expect(api.connections).toHaveLength(2);
    api.push('org_acme:0', { type: 'ready', resync: false });
    await screen.findByText('Live');
    expect(screen.queryByRole('button', { name: 'Reconnect live updates' })).toBeNull();

    api.refuse();
    const reconnect = await screen.findByRole('button', { name: 'Reconnect live updates' });
    expect(screen.getByText('Live updates stopped')).toBeTruthy();
    expect(api.connections).toHaveLength(2);
    fireEvent.click(reconnect);
    await waitFor(() => expect(api.connections).toHaveLength(3));
  });

  it('refetches the list when the server says the history could not be replayed', async () => {
    const api = liveApi();
    await openAcmeTasks(api);
    const lists = () => api.calls.filter((call) => call.path === 'tasks.list').length;
    const before = lists();
    api.addTask('org_acme', 'Made while we could not hear');
    api.push('org_acme:9', { type: 'ready', resync: true });
    await screen.findByRole('checkbox', { name: 'Made while we could not hear' });
    expect(lists()).toBe(before + 1);
  });
});
