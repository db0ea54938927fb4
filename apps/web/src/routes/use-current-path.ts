import { useLocation, useSearch } from 'wouter';

/** The address being shown, path and query (`/tasks?x=1`): where sign-in sends a person back to. */
export function useCurrentPath(): string {
  const [pathname] = useLocation();
  const search = useSearch();
  return search ? `${pathname}?${search}` : pathname;
}
