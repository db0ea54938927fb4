/**
 * Subscription auth: the per-connection bearer fetch, and the auth link's re-subscribe rules, against a
 * scripted terminating link (each operation it receives is recorded and driven by the test). The
 * whole path over real SSE is tested in apps/api/test/live.
 */
import { createTRPCClient, type Operation, TRPCClientError, type TRPCLink } from '@trpc/client';
import { initTRPC } from '@trpc/server';
import { type Observer, observable } from '@trpc/server/observable';
import { describe, expect, it, vi } from 'vitest';
import {
  bearerEventSourceOptions,
  createTRPCAuth,
  FRESH_TOKEN_CONTEXT,
  type UnauthorizedEvent,
} from '../../src/browser';

const t = initTRPC.create();
const router = t.router({
  changes: t.procedure.subscription(async function* () {
    yield 'never used: the terminating link below is scripted';
  }),
});

type Attempt = { op: Operation; observer: Observer<unknown, unknown> };

function scriptedClient() {
  const attempts: Attempt[] = [];
  const unauthorized: UnauthorizedEvent[] = [];
  const auth = createTRPCAuth<typeof router>({
    getToken: async () => 'token',
    onUnauthorized: (event) => unauthorized.push(event),
  });
  const terminating: TRPCLink<typeof router> =
    () =>
    ({ op }) =>
      observable((observer) => {
        attempts.push({ op, observer: observer as Observer<unknown, unknown> });
        return () => {};
      });
  const client = createTRPCClient<typeof router>({ links: [auth.link, terminating] });
  const received: unknown[] = [];
  let failure: unknown = null;
  const subscription = client.changes.subscribe(undefined, {
    onData: (data) => received.push(data),
    onError: (error) => {
      failure = error;
    },
  });
  return { attempts, unauthorized, received, failure: () => failure, subscription };
}

const data = (id: string) => ({ result: { id, data: { id, data: `event ${id}` } } });
const refused = (reason: string) =>
  TRPCClientError.from({
    error: { message: reason, code: -32001, data: { code: 'UNAUTHORIZED', httpStatus: 401, reason } },
  });

describe('bearerEventSourceOptions', () => {
  const op = (context: Record<string, unknown> = {}) =>
    ({ id: 1, type: 'subscription', path: 'changes', input: undefined, context, signal: null }) as Operation;

  it('asks for a token on every connection and sends it as a bearer header, with a fresh traceparent, keeping the others', async () => {
    const tokens = ['first', 'second'];
    const getToken = vi.fn(async () => tokens.shift() ?? null);
    const baseFetch = vi.fn(async () => new Response(''));
    const { fetch } = bearerEventSourceOptions({ getToken }, baseFetch)({ op: op() });
    const init = {
      headers: { Accept: 'text/event-stream', 'Last-Event-ID': 'org_acme:3' },
      mode: 'cors' as const,
    };
    await fetch('http://api.test/trpc/changes', init);
    await fetch('http://api.test/trpc/changes', init); // the EventSource's own reconnect
    await fetch('http://api.test/trpc/changes', init); // signed out meanwhile: no header at all
    const traceparent = expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const sent = baseFetch.mock.calls.map(
      (call) => (call as unknown[])[1] as { headers: Record<string, string> },
    );
    expect(sent).toEqual([
      { ...init, headers: { ...init.headers, traceparent, authorization: 'Bearer first' } },
      { ...init, headers: { ...init.headers, traceparent, authorization: 'Bearer second' } },
      { ...init, headers: { ...init.headers, traceparent } },
    ]);
    expect(new Set(sent.map(({ headers }) => headers.traceparent)).size).toBe(3);
    expect(getToken.mock.calls).toEqual([[undefined], [undefined], [undefined]]);
  });

  it('skips the token cache on the first connection of a retried operation only', async () => {
    const getToken = vi.fn(async () => 'token');
    const { fetch } = bearerEventSourceOptions(
      { getToken },
      async () => new Response(''),
    )({
      op: op({ [FRESH_TOKEN_CONTEXT]: true }),
    });
    await fetch('http://api.test/', { headers: { Accept: 'text/event-stream' } });
    await fetch('http://api.test/', { headers: { Accept: 'text/event-stream' } });
    expect(getToken.mock.calls).toEqual([[{ skipCache: true }], [undefined]]);
  });
});

describe('the auth link on subscriptions', () => {
  it('re-subscribes at once, with a fresh token and the last event id, when the token expired', () => {
    const { attempts, received, failure, unauthorized } = scriptedClient();
    attempts[0]!.observer.next(data('org_acme:4'));
    attempts[0]!.observer.error(refused('token-expired'));

    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.op.input).toEqual({ lastEventId: 'org_acme:4' });
    expect(attempts[1]!.op.context[FRESH_TOKEN_CONTEXT]).toBe(true);
    attempts[1]!.observer.next(data('org_acme:5'));
    expect(received).toEqual([
      { id: 'org_acme:4', data: 'event org_acme:4' },
      { id: 'org_acme:5', data: 'event org_acme:5' },
    ]);
    expect(failure()).toBeNull();
    expect(unauthorized).toEqual([]);
  });

  it('allows the next retry only after the retried stream delivered data: one per expiry, forever', () => {
    const { attempts, failure } = scriptedClient();
    for (let expiry = 0; expiry < 5; expiry += 1) {
      attempts.at(-1)!.observer.next(data(`org_acme:${expiry}`));
      attempts.at(-1)!.observer.error(refused('token-expired'));
    }
    expect(attempts).toHaveLength(6);
    expect(failure()).toBeNull();
  });

  it('never loops: a retry refused again surfaces the error and reports it', () => {
    const { attempts, failure, unauthorized } = scriptedClient();
    attempts[0]!.observer.error(refused('token-expired'));
    attempts[1]!.observer.error(refused('token-expired'));
    expect(attempts).toHaveLength(2);
    expect(failure()).toBeInstanceOf(TRPCClientError);
    expect(unauthorized).toEqual([{ reason: 'token-expired', path: 'changes', afterRetry: true }]);
  });

  it('does not retry a refusal a fresh token cannot fix', () => {
    const { attempts, failure, unauthorized } = scriptedClient();
    attempts[0]!.observer.error(refused('token-invalid-authorized-party'));
    expect(attempts).toHaveLength(1);
    expect(failure()).toBeInstanceOf(TRPCClientError);
    expect(unauthorized).toEqual([
      { reason: 'token-invalid-authorized-party', path: 'changes', afterRetry: false },
    ]);
  });
});
