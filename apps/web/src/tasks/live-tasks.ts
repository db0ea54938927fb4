/**
 * Live task updates: `tasks.onChange` (SSE) applied to the cached task list, as more edits of the
 * same cache the optimistic mutations use. Every edit is by task id, so an event seen twice (a
 * replay after a reconnect) changes nothing: no duplicates.
 */
import { useAuth } from '@clerk/react';
import type { TaskStreamEvent } from '@gatehouse/api-contract';
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import { allItems, mapItems, type PagedList, removeItem, upsertItem } from '../api/paged-cache';
import { type Task, useTRPC } from '../api/trpc';
import { isPendingTask } from './use-tasks';

/** The cached list after one event (`ready` is handled by the hook, not here). */
export function applyTaskEvent(
  list: PagedList<Task>,
  event: TaskStreamEvent,
  userId: string | null,
): PagedList<Task> {
  const items = allItems(list);
  switch (event.type) {
    case 'created': {
      if (items.some((task) => task.id === event.task.id)) return upsertItem(list, event.task);
      // Our own create, still shown as its optimistic placeholder: the real task takes its place.
      const placeholder =
        event.task.createdBy === userId
          ? items.find((task) => isPendingTask(task) && task.title === event.task.title)
          : undefined;
      if (placeholder) return mapItems(list, (task) => (task.id === placeholder.id ? event.task : task));
      return upsertItem(list, event.task);
    }
    case 'updated':
      // Not on a loaded page: nothing to show. Never older over newer (a refetch may have run ahead).
      return mapItems(list, (task) =>
        task.id === event.task.id && task.updatedAt <= event.task.updatedAt ? event.task : task,
      );
    case 'deleted':
      return removeItem(list, event.taskId);
    case 'ready':
      return list;
  }
}

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped';

/** Subscribes while mounted; returns what the connection indicator shows. */
export function useLiveTasks(): { status: LiveStatus; reconnect: () => void } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { userId } = useAuth();
  // `ready` arrived on the current connection (authenticated and caught up), and ever before.
  const [ready, setReady] = useState(false);
  const [everReady, setEverReady] = useState(false);
  const lists = { queryKey: trpc.tasks.list.infiniteQueryKey() };

  const subscription = useSubscription(
    trpc.tasks.onChange.subscriptionOptions(undefined, {
      onStarted: () => setReady(false),
      onData: ({ data: event }) => {
        if (event.type === 'ready') {
          setReady(true);
          setEverReady(true);
          // The history could not be replayed (first connection, or too far behind): refetch.
          if (event.resync) void queryClient.invalidateQueries(lists);
          return;
        }
        queryClient.setQueriesData<PagedList<Task>>(
          lists,
          (list) => list && applyTaskEvent(list, event, userId ?? null),
        );
      },
    }),
  );

  let status: LiveStatus;
  if (subscription.status === 'error') status = 'stopped';
  else if (subscription.status === 'pending' && ready) status = 'live';
  else status = everReady ? 'reconnecting' : 'connecting';
  return { status, reconnect: subscription.reset };
}
