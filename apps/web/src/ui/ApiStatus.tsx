import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';

/** The public `health` procedure, shown on every page: the first thing to check when nothing loads. */
export function ApiStatus() {
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.health.queryOptions(), refetchInterval: 30_000 });
  const status = health.isPending ? 'checking…' : health.isError ? 'unreachable' : health.data.status;
  return (
    <footer className="api-status">
      API status: <output aria-label="API status">{status}</output>
    </footer>
  );
}
