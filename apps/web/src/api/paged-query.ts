/**
 * Newest-first lists (`notes.list`, `tasks.list`) as TanStack infinite queries, built by tRPC's own
 * `infiniteQueryOptions`: each page request carries the previous page's `nextCursor` (and tRPC's
 * `direction: 'forward'`, which the API's page input accepts), and the list is cached under
 * `trpc.x.list.infiniteQueryKey()`, where the cache edits and invalidations find it.
 */
import { LIMITS } from '@gatehouse/db/limits';

/** The input of the first page: the API's default page size, stated so the cache key shows it. */
export const FIRST_PAGE = { limit: LIMITS.pageDefault };

// No `abortOnUnmount`: StrictMode's rehearsal unmount aborted each first page request and its remount
// sent it again, so every list was requested twice in dev. A retired identity's answers are dropped by
// its cancelled, cleared cache (ApiProvider) either way.
export const PAGED_LIST_OPTIONS = {
  getNextPageParam: (page: { nextCursor: string | null }) => page.nextCursor,
};
