/**
 * The tRPC client and the query cache, wired to whoever is signed in:
 * - every request carries Clerk's token through `@gatehouse/auth/browser`'s auth link, and a W3C
 *   `traceparent` (docs/observability.md);
 * - a 401 the link could not fix signs the user out with a message;
 * - each (user, organization) pair gets its OWN query cache and tRPC client, and everything below
 *   remounts with it (IdentityBoundary), so after a switch no data of the previous org can be shown,
 *   not even a late answer to an old request, and no action is sent as anyone but whoever started it
 *   (identity-clients.ts);
 * - every call reports whether the API answered (connection.ts); when it answers again after an outage,
 *   whatever failed to load is fetched again;
 * - every mutation carries its user action's idempotency key (idempotency.ts) and is retried with
 *   backoff on no answer or 503, so a short outage loses no action and duplicates none.
 */
import { useAuth } from '@clerk/react';
import type { AppRouter } from '@gatehouse/api-contract';
import {
  type CallerIdentity,
  callerIdentityLink,
  createTRPCAuth,
  withTraceparent,
} from '@gatehouse/auth/browser';
import { QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, type Operation } from '@trpc/client';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';
import superjson from 'superjson';
import { signedOutBecause, useSessionNotice } from '../auth/session-notice';
import { ApiConnection, connectionLink } from './connection';
import { DroppedActionsContext } from './dropped-actions';
import { IdentityBoundary } from './IdentityBoundary';
import { idempotencyHeaders, idempotencyLink } from './idempotency';
import { type ClientFor, useClientsPerIdentity } from './identity-clients';
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

export function ApiProvider({ options, children }: { options: ApiOptions; children: ReactNode }) {
  const auth = useAuth();
  const { setNotice } = useSessionNotice();
  // The links are created once; they read the latest auth through this ref.
  const latest = useRef({ auth, setNotice, signingOut: false });
  latest.current = { ...latest.current, auth, setNotice };
  const [dropped, setDropped] = useState(false);

  const [{ connection, clientFor }] = useState(() => {
    // Health needs nobody's identity: it is asked of a client made for none.
    const connection = new ApiConnection((): Promise<unknown> => anyone.health.query());
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
    const clientFor: ClientFor = (identity) =>
      createTRPCClient<AppRouter>({
        links: [
          connectionLink(connection),
          idempotencyLink(),
          ...(identity ? [callerIdentityLink<AppRouter>(identity)] : []),
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
    const anyone = clientFor(null);
    return { connection, clientFor };
  });

  const identity: CallerIdentity | null = auth.isLoaded
    ? { userId: auth.userId ?? null, orgId: auth.orgId ?? null }
    : null;
  const key = identity ? `${identity.userId ?? 'signed-out'}:${identity.orgId ?? 'personal'}` : 'loading';
  const { queryClient, trpcClient } = useClientsPerIdentity(key, identity, clientFor, () => setDropped(true));
  const droppedActions = useMemo(() => ({ dropped, dismiss: () => setDropped(false) }), [dropped]);
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
      <DroppedActionsContext.Provider value={droppedActions}>
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            <IdentityContext.Provider value={key}>
              <IdentityBoundary identity={key}>{children}</IdentityBoundary>
            </IdentityContext.Provider>
          </TRPCProvider>
        </QueryClientProvider>
      </DroppedActionsContext.Provider>
    </ConnectionContext.Provider>
  );
}
