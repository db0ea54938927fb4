/**
 * Each signed-in identity (user, organization) gets its own query cache AND its own tRPC client. The
 * client stamps every operation with its identity, and the auth link attaches a token only if the
 * token is for that same user and organization (`@gatehouse/auth/browser`'s caller-identity.ts). A
 * mutation's retries keep using the client it was started with, so a retry after a switch of
 * organization or account is dropped, never sent as the new one: the token is fetched per attempt.
 */
import type { AppRouter } from '@gatehouse/api-contract';
import { type CallerIdentity, isIdentityChanged } from '@gatehouse/auth/browser';
import { MutationCache, QueryClient } from '@tanstack/react-query';
import type { TRPCClient } from '@trpc/client';
import { useEffect, useRef } from 'react';
import { mutationRetryDelay, shouldRetryMutation, shouldRetryQuery } from './errors';

export type ClientFor = (identity: CallerIdentity | null) => TRPCClient<AppRouter>;

/** `onDropped`: a mutation was not sent because the identity it was started under is gone. */
function makeQueryClient(onDropped: () => void): QueryClient {
  return new QueryClient({
    // Its screen was unmounted with the old identity: only the app can still say it was dropped.
    mutationCache: new MutationCache({ onError: (error) => isIdentityChanged(error) && onDropped() }),
    defaultOptions: {
      queries: { retry: shouldRetryQuery, staleTime: 5_000 },
      mutations: { retry: shouldRetryMutation, retryDelay: mutationRetryDelay },
    },
  });
}

/** `identity` null: still loading, nobody's operations yet. `key` names the identity. */
export function useClientsPerIdentity(
  key: string,
  identity: CallerIdentity | null,
  clientFor: ClientFor,
  onDropped: () => void,
): { queryClient: QueryClient; trpcClient: TRPCClient<AppRouter> } {
  // A ref, not state: the clients for an identity are created once, in the render that first sees
  // that identity, so no frame shows the previous identity's cache (and StrictMode's second render
  // reuses them).
  const current = useRef<{ key: string; queryClient: QueryClient; trpcClient: TRPCClient<AppRouter> }>(null);
  if (current.current?.key !== key) {
    current.current = { key, queryClient: makeQueryClient(onDropped), trpcClient: clientFor(identity) };
  }
  const { queryClient, trpcClient } = current.current;

  const previous = useRef<QueryClient | null>(null);
  useEffect(() => {
    if (previous.current && previous.current !== queryClient) {
      // Retire the previous identity's cache: abort its requests, drop its data.
      void previous.current.cancelQueries();
      previous.current.clear();
    }
    previous.current = queryClient;
  }, [queryClient]);
  return { queryClient, trpcClient };
}
