/**
 * Newest-first lists (`notes.list`, `tasks.list`) as TanStack infinite queries, cached under tRPC's
 * own infinite-query key so `trpc.x.list.infiniteQueryKey()` finds them for edits and invalidation.
 *
 * Hand-rolled instead of `trpc.x.list.infiniteQueryOptions()`: tRPC adds `direction` to the input of
 * every page, and the API's page input is a strict object that refuses unknown keys (400). We send
 * exactly `{ limit, cursor? }`.
 */

import type { AppRouter } from '@gatehouse/api-contract';
import { type DataTag, type InfiniteData, type QueryKey, useInfiniteQuery } from '@tanstack/react-query';
import type { TRPCClientErrorLike } from '@trpc/client';
import type { Page } from './paged-cache';

export const PAGE_SIZE = 50;

type PageFetcher<Item> = (
  input: { limit: number; cursor?: string },
  options: { signal: AbortSignal },
) => Promise<Page<Item>>;

export function usePagedList<Item>(queryKey: QueryKey, fetchPage: PageFetcher<Item>) {
  return useInfiniteQuery({
    queryKey: queryKey as DataTag<
      QueryKey,
      InfiniteData<Page<Item>, string | null>,
      TRPCClientErrorLike<AppRouter>
    >,
    queryFn: ({ pageParam, signal }) =>
      fetchPage(pageParam ? { limit: PAGE_SIZE, cursor: pageParam } : { limit: PAGE_SIZE }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}
