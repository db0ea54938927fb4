/**
 * Org tasks: the list and its optimistic mutations. Every mutation edits the cached list first,
 * rolls it back if the API refuses, and refetches once the last concurrent task mutation settles.
 * Live updates (`live-tasks.ts`) apply their events to the same cache with `api/paged-cache.ts`.
 */
import { useAuth } from '@clerk/react';
import { type QueryKey, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { describeError } from '../api/errors';
import { allItems, mapItems, type PagedList, removeItem, upsertItem } from '../api/paged-cache';
import { FIRST_PAGE, PAGED_LIST_OPTIONS } from '../api/paged-query';
import { type Task, useTRPC } from '../api/trpc';

const PENDING_PREFIX = 'pending-';

/** A task the API has not confirmed yet (optimistic create): shown, but not editable. */
export function isPendingTask(task: Task): boolean {
  return task.id.startsWith(PENDING_PREFIX);
}

export function useTaskList() {
  const trpc = useTRPC();
  return useInfiniteQuery(trpc.tasks.list.infiniteQueryOptions(FIRST_PAGE, PAGED_LIST_OPTIONS));
}

type Snapshot = [QueryKey, PagedList<Task> | undefined][];

export function useTaskMutations(
  onError: (message: string, failed: { title?: string; error: unknown }) => void,
) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { userId } = useAuth();
  const nextPendingId = useRef(0);
  const lists = { queryKey: trpc.tasks.list.infiniteQueryKey() };

  const edit = async (apply: (list: PagedList<Task>) => PagedList<Task>): Promise<Snapshot> => {
    await queryClient.cancelQueries(lists);
    const snapshot = queryClient.getQueriesData<PagedList<Task>>(lists);
    queryClient.setQueriesData<PagedList<Task>>(lists, (list) => list && apply(list));
    return snapshot;
  };
  const rollback = (snapshot: Snapshot | undefined) => {
    for (const [key, list] of snapshot ?? []) queryClient.setQueryData(key, list);
  };
  const settle = () => {
    // Refetch only when this is the last task mutation in flight, or it would undo the others' edits.
    if (queryClient.isMutating({ mutationKey: trpc.tasks.pathKey() }) === 1) {
      return queryClient.invalidateQueries(lists);
    }
  };

  const create = useMutation(
    trpc.tasks.create.mutationOptions({
      onMutate: async ({ title }) => {
        const now = new Date();
        const pendingId = `${PENDING_PREFIX}${++nextPendingId.current}`;
        const placeholder: Task = {
          id: pendingId,
          title,
          done: false,
          createdBy: userId ?? '',
          authorName: null,
          createdAt: now,
          updatedAt: now,
        };
        return { pendingId, snapshot: await edit((list) => upsertItem(list, placeholder)) };
      },
      onSuccess: (task, _input, context) => {
        queryClient.setQueriesData<PagedList<Task>>(lists, (list) => {
          if (!list) return list;
          // A live event may have brought the real task first (live-tasks.ts): never show it twice.
          if (allItems(list).some((item) => item.id === task.id)) return removeItem(list, context.pendingId);
          return mapItems(list, (item) => (item.id === context.pendingId ? task : item));
        });
      },
      onError: (error, { title }, context) => {
        rollback(context?.snapshot);
        onError(`Could not add “${title}”. ${describeError(error)}`, { title, error });
      },
      onSettled: settle,
    }),
  );

  const toggle = useMutation(
    trpc.tasks.update.mutationOptions({
      onMutate: async ({ id, done }) => ({
        snapshot: await edit((list) =>
          mapItems(list, (task) => (task.id === id && done !== undefined ? { ...task, done } : task)),
        ),
      }),
      onError: (error, _input, context) => {
        rollback(context?.snapshot);
        onError(`Could not update the task. ${describeError(error)}`, { error });
      },
      onSettled: settle,
    }),
  );

  const remove = useMutation(
    trpc.tasks.delete.mutationOptions({
      onMutate: async ({ id }) => ({ snapshot: await edit((list) => removeItem(list, id)) }),
      onError: (error, _input, context) => {
        rollback(context?.snapshot);
        onError(`Could not delete the task. ${describeError(error)}`, { error });
      },
      onSettled: settle,
    }),
  );

  return { create, toggle, remove };
}
