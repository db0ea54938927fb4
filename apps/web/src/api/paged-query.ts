/**
 * Newest-first lists (`notes.list`, `tasks.list`) as TanStack infinite queries, built by tRPC's own
 * `infiniteQueryOptions`: each page request carries the previous page's `nextCursor` (and tRPC's
 * `direction: 'forward'`, which the API's page input accepts), and the list is cached under
 * `trpc.x.list.infiniteQueryKey()`, where the cache edits and invalidations find it.
 */
import { LIMITS } from '@gatehouse/db/limits';

/** The input of the first page: the API's default page size, stated so the cache key shows it. */
export const FIRST_PAGE = { limit: LIMITS.pageDefault };

export const PAGED_LIST_OPTIONS = {
  getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor,
  // Page requests are aborted with their query (unmount, or an identity switch cancelling them all).
  trpc: { abortOnUnmount: true },
};
