/** "Load more" for a paged list (`useInfiniteQuery`-shaped); renders nothing on the last page. */
export function LoadMoreButton({
  list,
  what,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  what: string;
}) {
  if (!list.hasNextPage) return null;
  return (
    <button
      type="button"
      className="secondary"
      onClick={() => void list.fetchNextPage()}
      disabled={list.isFetchingNextPage}
    >
      {list.isFetchingNextPage ? 'Loading more…' : `Load more ${what}`}
    </button>
  );
}
