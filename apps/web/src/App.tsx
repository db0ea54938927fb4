import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc';

export function App() {
  const trpc = useTRPC();
  const health = useQuery(trpc.health.queryOptions());
  return (
    <main>
      <h1>Gatehouse</h1>
      <p>
        API status:{' '}
        <output aria-label="API status">
          {health.isPending ? 'checking…' : health.isError ? 'unreachable' : health.data.status}
        </output>
      </p>
    </main>
  );
}
