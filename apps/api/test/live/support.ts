/**
 * Live-update tests over real HTTP with the SPA's own client stack: the auth link, the SSE link with
 * the `eventsource` package sending a bearer token per connection. Tokens are Clerk-shaped session
 * tokens of a Clerk test instance of this file's own (Clerk mode, `clerk.apiEnv`), so a test can choose
 * their lifetime: the server ends a stream at its token's `exp`.
 */
import { randomUUID } from 'node:crypto';
import type { AppRouter, TaskStreamEvent } from '@gatehouse/api-contract';
import { createClerkTestInstance } from '@gatehouse/auth/testing';
import {
  bearerEventSourceOptions,
  createTRPCAuth,
  type GetToken,
  type UnauthorizedEvent,
} from '@gatehouse/auth/trpc-links';
import {
  createTRPCClient,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCClientError,
} from '@trpc/client';
import { EventSource } from 'eventsource';
import superjson from 'superjson';

/** What a replica of a real deployment verifies with: pass `clerk.apiEnv` to the API. */
export const clerk = createClerkTestInstance();

/** A session token of a persona, in a session of its own, valid for `lifetimeSeconds` from now (Clerk's are 60 s). */
export async function sessionToken(userId: string, orgId?: string, lifetimeSeconds = 60): Promise<string> {
  return clerk.personaToken(userId, orgId, { sessionId: `sess_live_${randomUUID()}`, lifetimeSeconds });
}

/** The SPA's client stack against `url`, with `getToken` standing in for Clerk's. */
export function liveClient(url: string, getToken: GetToken) {
  const unauthorized: UnauthorizedEvent[] = [];
  const auth = createTRPCAuth<AppRouter>({ getToken, onUnauthorized: (event) => unauthorized.push(event) });
  const client = createTRPCClient<AppRouter>({
    links: [
      auth.link,
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${url}/trpc`,
          transformer: superjson,
          EventSource,
          eventSourceOptions: bearerEventSourceOptions(auth),
        }),
        false: httpLink({ url: `${url}/trpc`, transformer: superjson, headers: auth.headers }),
      }),
    ],
  });
  return { client, unauthorized };
}

/** A client for one persona's mutations (fresh 60 s tokens). */
export function personaClient(url: string, userId: string, orgId?: string) {
  return liveClient(url, () => sessionToken(userId, orgId)).client;
}

export interface ReceivedEvent {
  id: string;
  data: TaskStreamEvent;
}

/** A `tasks.onChange` subscription whose events, states and end a test awaits in order. */
export function watchTasks(client: ReturnType<typeof liveClient>['client'], lastEventId?: string) {
  const events: ReceivedEvent[] = [];
  const states: string[] = [];
  let failure: TRPCClientError<AppRouter> | null = null;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  const subscription = client.tasks.onChange.subscribe(lastEventId ? { lastEventId } : undefined, {
    onData: (event) => {
      events.push(event as ReceivedEvent);
      wake();
    },
    onError: (error) => {
      failure = error;
      wake();
    },
    onConnectionStateChange: (state) => {
      states.push(state.state);
      wake();
    },
  });
  const until = <T>(check: () => T | undefined): Promise<T> =>
    new Promise((resolve) => {
      const test = () => {
        const value = check();
        if (value === undefined) return;
        waiters.delete(test);
        resolve(value);
      };
      waiters.add(test);
      test();
    });
  let read = 0;
  return {
    events,
    states,
    /** The next event not yet returned by `next()`. */
    next: () => until(() => (read < events.length ? events[read++] : undefined)),
    /** Resolves when the connection enters `state` after this call (e.g. `connecting` again). */
    enters: (state: string) => {
      const from = states.length;
      return until(() => (states.indexOf(state, from) >= 0 ? true : undefined));
    },
    /** Resolves with the subscription's error once it fails. */
    failed: () => until(() => failure ?? undefined),
    unsubscribe: () => subscription.unsubscribe(),
  };
}

/** A promise with its resolve function, to hold a step until the test lets it go. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
