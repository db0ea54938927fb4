/**
 * A machine caller of Gatehouse: a script holding an organization's API key (scope `tasks:read`) lists
 * that organization's tasks through the same typed tRPC client the SPA uses — every call and result
 * typed from `AppRouter`, nothing hand-written about the API.
 *
 *   GATEHOUSE_API_KEY=ak_… pnpm --filter @gatehouse/example-machine-client start
 *
 * GATEHOUSE_API_URL is the API (http://localhost:4000 by default). Exit code 0 with the tasks on
 * stdout; 1 when Gatehouse refuses the key (the status and `reason` on stderr); 2 when misconfigured.
 */
import type { AppRouter } from '@gatehouse/api-contract';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';

const apiUrl = (process.env.GATEHOUSE_API_URL ?? 'http://localhost:4000').replace(/\/+$/, '');
const apiKey = process.env.GATEHOUSE_API_KEY;
if (!apiKey) {
  console.error('Set GATEHOUSE_API_KEY to an API key (ak_…) of an organization, with scope tasks:read.');
  process.exit(2);
}

const gatehouse = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: `${apiUrl}/trpc`,
      transformer: superjson,
      headers: { authorization: `Bearer ${apiKey}` },
    }),
  ],
});

try {
  const caller = await gatehouse.machine.whoami.query();
  console.log(
    `Tasks of ${caller.subject} (${caller.tokenType}, scopes: ${caller.scopes.join(' ') || 'none'})`,
  );
  let cursor: string | undefined;
  do {
    const page = await gatehouse.tasks.list.query({ limit: 50, cursor });
    for (const task of page.items) {
      console.log(
        `${task.done ? '[x]' : '[ ]'} ${task.title}  (${task.id}, ${task.createdAt.toISOString()})`,
      );
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
} catch (error) {
  if (!(error instanceof TRPCClientError)) throw error;
  // `data.reason` says why, e.g. 401 machine-token-invalid (revoked), 403 missing-scope.
  const data = error.data as { httpStatus?: number; reason?: string | null } | undefined;
  console.error(
    `Gatehouse refused the call: ${data?.httpStatus ?? '?'} ${data?.reason ?? ''} — ${error.message}`,
  );
  process.exit(1);
}
