/**
 * Routes subscriptions (`tasks.onChange`) to Server-Sent Events and everything else to `httpLink`.
 *
 * The SSE transport is the `eventsource` package rather than the browser's EventSource: the native one
 * cannot send headers, so the session token would have to travel in the URL (and from there into
 * proxy and access logs). This one takes a `fetch`, which `bearerEventSourceOptions` uses to send
 * `Authorization: Bearer <token>` from a fresh `getToken()` on every (re)connection. The API checks
 * it like any request and ends the stream at the token's expiry; the auth link then re-subscribes
 * with a fresh token from the last event id.
 */
import type { AppRouter } from '@gatehouse/api-contract';
import { bearerEventSourceOptions, type TRPCAuth } from '@gatehouse/auth/browser';
import { httpSubscriptionLink, splitLink, type TRPCLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import superjson from 'superjson';

export function withLiveUpdates(
  auth: Pick<TRPCAuth<AppRouter>, 'getToken'>,
  options: { apiUrl: string; fetch?: typeof fetch | undefined },
  httpLink: TRPCLink<AppRouter>,
): TRPCLink<AppRouter> {
  return splitLink({
    condition: (op) => op.type === 'subscription',
    true: httpSubscriptionLink({
      url: `${options.apiUrl}/trpc`,
      transformer: superjson,
      EventSource,
      eventSourceOptions: bearerEventSourceOptions(auth, options.fetch),
    }),
    false: httpLink,
  });
}
