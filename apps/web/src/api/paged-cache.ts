/**
 * Pure edits of a cached newest-first paginated list (`{ items, nextCursor }` pages inside
 * TanStack's InfiniteData), shared by the optimistic mutations and the live task events: an event is
 * just another edit of the same cache.
 */
import type { InfiniteData } from '@tanstack/react-query';

export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

export type PagedList<Item> = InfiniteData<Page<Item>, unknown>;

export function mapItems<Item>(list: PagedList<Item>, map: (item: Item) => Item): PagedList<Item> {
  return { ...list, pages: list.pages.map((page) => ({ ...page, items: page.items.map(map) })) };
}

/** Adds at the top (newest first), or replaces an item with the same id wherever it is. */
export function upsertItem<Item extends { id: string }>(list: PagedList<Item>, item: Item): PagedList<Item> {
  const exists = list.pages.some((page) => page.items.some((candidate) => candidate.id === item.id));
  if (exists) return mapItems(list, (candidate) => (candidate.id === item.id ? item : candidate));
  const [first, ...rest] = list.pages;
  const top = first ?? { items: [], nextCursor: null };
  return { ...list, pages: [{ ...top, items: [item, ...top.items] }, ...rest] };
}

export function removeItem<Item extends { id: string }>(list: PagedList<Item>, id: string): PagedList<Item> {
  return {
    ...list,
    pages: list.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== id) })),
  };
}

export function allItems<Item>(list: PagedList<Item> | undefined): Item[] {
  return list?.pages.flatMap((page) => page.items) ?? [];
}
