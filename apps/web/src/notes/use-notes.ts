import { useMutation, useQueryClient } from '@tanstack/react-query';
import { PAGE_SIZE, usePagedList } from '../api/paged-query';
import { type Note, useTRPC, useTRPCClient } from '../api/trpc';

/** The caller's own notes (the API filters by owner), newest first. */
export function useNoteList() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  return usePagedList<Note>(trpc.notes.list.infiniteQueryKey({ limit: PAGE_SIZE }), (input, options) =>
    client.notes.list.query(input, options),
  );
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
