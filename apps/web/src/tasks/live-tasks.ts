/**
 * Live task updates: `tasks.onChange` (SSE) applied to the cached task list, as more edits of the
 * same cache the optimistic mutations use. Every edit is by task id, so an event seen twice (a
 * replay after a reconnect) changes nothing: no duplicates.
 */
import { useAuth } from '@clerk/react';
import type { TaskStreamEvent } from '@gatehouse/api-contract';
import { readApiFailure } from '@gatehouse/auth/browser';
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef, useState } from 'react';
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
  const retries = useRef(0);
  const lists = { queryKey: trpc.tasks.list.infiniteQueryKey() };

  const subscription = useSubscription(
    trpc.tasks.onChange.subscriptionOptions(undefined, {
      onStarted: () => setReady(false),
      onData: ({ data: event }) => {
        if (event.type === 'ready') {
          retries.current = 0;
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

  // An EventSource gives up on any non-200 answer (a load balancer's 502 during a deploy, a 429): such a
  // transport failure carries no tRPC error code, and is retried here with a capped backoff. A refusal
  // by the API (a 401 the auth link could not fix, a 403) is not: it needs the user.
  const failure = subscription.status === 'error' ? readApiFailure(subscription.error) : null;
  const transportFailure = failure !== null && failure.code === null;
  const { reset } = subscription;
  useEffect(() => {
    if (!transportFailure) return;
    const delayMs = Math.min(30_000, 1_000 * 2 ** retries.current);
    retries.current += 1;
    const timer = setTimeout(reset, delayMs);
    return () => clearTimeout(timer);
  }, [transportFailure, reset]);

  let status: LiveStatus;
  if (subscription.status === 'error' && !transportFailure) status = 'stopped';
  else if (subscription.status === 'pending' && ready) status = 'live';
  else status = everReady ? 'reconnecting' : 'connecting';
  return { status, reconnect: subscription.reset };
}
