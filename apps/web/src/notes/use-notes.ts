import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { FIRST_PAGE, PAGED_LIST_OPTIONS } from '../api/paged-query';
import { useTRPC } from '../api/trpc';

/** The caller's own notes (the API filters by owner), newest first. */
export function useNoteList() {
  const trpc = useTRPC();
  return useInfiniteQuery(trpc.notes.list.infiniteQueryOptions(FIRST_PAGE, PAGED_LIST_OPTIONS));
}

/** Notes change only through their owner, so a refetch after each change is enough. */
export function useNoteMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notes.list.infiniteQueryKey() });
  return {
    create: useMutation(trpc.notes.create.mutationOptions({ onSuccess: refresh })),
    update: useMutation(trpc.notes.update.mutationOptions({ onSuccess: refresh })),
    remove: useMutation(trpc.notes.delete.mutationOptions({ onSuccess: refresh })),
  };
}
