/**
 * The tRPC client and the query cache, wired to whoever is signed in:
 * - every request carries Clerk's token through `@gatehouse/auth/browser`'s auth link, and a W3C
 *   `traceparent` (docs/observability.md);
 * - a 401 the link could not fix signs the user out with a message;
 * - each (user, organization) pair gets its OWN query cache, and everything below remounts with it
 *   (IdentityBoundary), so after a switch no data of the previous org can be shown, not even a late
 *   answer to an old request;
 * - every call reports whether the API answered (connection.ts); when it answers again after an outage,
 *   whatever failed to load is fetched again;
 * - every mutation carries its user action's idempotency key (idempotency.ts) and is retried with
 *   backoff on no answer or 503, so a short outage loses no action and duplicates none.
 */
import { useAuth } from '@clerk/react';
import type { AppRouter } from '@gatehouse/api-contract';
import { createTRPCAuth, withTraceparent } from '@gatehouse/auth/browser';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, type Operation } from '@trpc/client';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import superjson from 'superjson';
import { signedOutBecause, useSessionNotice } from '../auth/session-notice';
import { ApiConnection, connectionLink } from './connection';
import { mutationRetryDelay, shouldRetryMutation, shouldRetryQuery } from './errors';
import { IdentityBoundary } from './IdentityBoundary';
import { idempotencyHeaders, idempotencyLink } from './idempotency';
import { withLiveUpdates } from './live-link';
import { TRPCProvider } from './trpc';
import { ConnectionContext } from './use-connection';

export interface ApiOptions {
  apiUrl: string;
  tokenTemplate?: string | undefined;
  /** Tests inject a fetch; the browser uses its own. */
  fetch?: typeof fetch;
}

const IdentityContext = createContext('loading');

/** `user:org` of the signed-in caller; pages are keyed by it so a switch remounts them. */
export function useAuthIdentity(): string {
  return useContext(IdentityContext);
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetryQuery, staleTime: 5_000 },
      mutations: { retry: shouldRetryMutation, retryDelay: mutationRetryDelay },
    },
  });
}

export function ApiProvider({ options, children }: { options: ApiOptions; children: ReactNode }) {
  const auth = useAuth();
  const { setNotice } = useSessionNotice();
  // The client is created once; it reads the latest auth through this ref.
  const latest = useRef({ auth, setNotice, signingOut: false });
  latest.current = { ...latest.current, auth, setNotice };

  const [connection] = useState(
    (): ApiConnection => new ApiConnection((): Promise<unknown> => trpcClient.health.query()),
  );
  const [trpcClient] = useState(() => {
    const trpcAuth = createTRPCAuth<AppRouter>({
      getToken: (tokenOptions) => latest.current.auth.getToken(tokenOptions),
      template: options.tokenTemplate,
      onUnauthorized: ({ reason }) => {
        const current = latest.current;
        if (!current.auth.isSignedIn || current.signingOut) return;
        current.signingOut = true;
        current.setNotice(signedOutBecause(reason));
        void current.auth.signOut().finally(() => {
          latest.current.signingOut = false;
        });
      },
    });
    return createTRPCClient<AppRouter>({
      links: [
        connectionLink(connection),
        idempotencyLink(),
        trpcAuth.link,
        // Subscriptions (live task updates) over SSE with the same tokens; see live-link.ts.
        withLiveUpdates(
          trpcAuth,
          options,
          httpBatchLink({
            url: `${options.apiUrl}/trpc`,
            transformer: superjson,
            // A `traceparent` per request: the API's trace of it carries the id the browser sent; and
            // the idempotency keys of the batch's mutations.
            headers: withTraceparent(async (input: { opList: readonly Operation[] }) => ({
              ...(await trpcAuth.headers(input)),
              ...idempotencyHeaders(input.opList),
            })),
            maxItems: 10,
            ...(options.fetch ? { fetch: options.fetch } : {}),
          }),
        ),
      ],
    });
  });

  const identity = auth.isLoaded ? `${auth.userId ?? 'signed-out'}:${auth.orgId ?? 'personal'}` : 'loading';
  const queryClient = useQueryClientPerIdentity(identity);
  useEffect(() => connection.start(), [connection]);
  useEffect(
    () =>
      connection.onReconnect(() => {
        void queryClient.invalidateQueries({ predicate: (query) => query.state.status === 'error' });
      }),
    [connection, queryClient],
  );

  return (
    <ConnectionContext.Provider value={connection}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <IdentityContext.Provider value={identity}>
            <IdentityBoundary identity={identity}>{children}</IdentityBoundary>
          </IdentityContext.Provider>
        </TRPCProvider>
      </QueryClientProvider>
    </ConnectionContext.Provider>
  );
}

function useQueryClientPerIdentity(identity: string): QueryClient {
  // A ref, not state: the client for an identity is created once, in the render that first sees that
  // identity, so no frame shows the previous identity's cache (and StrictMode's second render reuses it).
  const current = useRef<{ identity: string; client: QueryClient } | null>(null);
  if (current.current?.identity !== identity) current.current = { identity, client: makeQueryClient() };
  const { client } = current.current;

  const previous = useRef<QueryClient | null>(null);
  useEffect(() => {
    if (previous.current && previous.current !== client) {
      // Retire the previous identity's cache: abort its requests, drop its data.
      void previous.current.cancelQueries();
      previous.current.clear();
    }
    previous.current = client;
  }, [client]);
  return client;
}
