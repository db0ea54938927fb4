/**
 * `tasks.onChange` over real HTTP (SSE) through the whole API: hardening layer, auth middleware, the
 * ladder, the bus. Every wait is on an event; the only real delays are a 5 s token life and, for the
 * timeout check, a stream held open past REQUEST_TIMEOUT_MS.
 */
import type { GetTokenOptions } from '@gatehouse/auth/trpc-links';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/test-server';
import { clerk, deferred, liveClient, personaClient, sessionToken, watchTasks } from './support';

describe('tasks.onChange over SSE', () => {
  const api = useTestServer({ env: { ...clerk.apiEnv, LOG_LEVEL: 'silent' } });

  const aliceAtAcme = () => liveClient(api.url, () => sessionToken('user_alice', 'org_acme'));

  it("delivers its org's changes, and none of another org's", async () => {
    const watch = watchTasks(aliceAtAcme().client);
    expect((await watch.next()).data).toEqual({ type: 'ready', resync: true });

    await personaClient(api.url, 'user_dave', 'org_globex').tasks.create.mutate({ title: 'Globex plan' });
    const task = await personaClient(api.url, 'user_bob', 'org_acme').tasks.create.mutate({
      title: 'Acme plan',
    });
    // Globex's change committed first: had it leaked, it would be the next event.
    const next = await watch.next();
    expect(next.data).toEqual({ type: 'created', task });
    expect(next.id).toMatch(/^org_acme:\d+$/);
    watch.unsubscribe();
  });

  it('verifies the token at connect like any request: 401 with its reason, 403 without an org', async () => {
    const anonymous = liveClient(api.url, async () => null);
    const refused = await watchTasks(anonymous.client).failed();
    expect(refused.data).toMatchObject({ code: 'UNAUTHORIZED', reason: 'token-missing' });
    expect(anonymous.unauthorized).toEqual([
      { reason: 'token-missing', path: 'tasks.onChange', afterRetry: false },
    ]);

    // Signed by another key: a fresh token might help (rotation), so exactly one retry, then give up.
    const forged = (await sessionToken('user_alice', 'org_acme')).replace(/\.[^.]+$/, '.AAAA');
    let asked = 0;
    const forger = liveClient(api.url, async () => {
      asked += 1;
      return forged;
    });
    const invalid = await watchTasks(forger.client).failed();
    expect(invalid.data).toMatchObject({ code: 'UNAUTHORIZED', reason: 'token-invalid-signature' });
    expect(asked).toBe(2);
    expect(forger.unauthorized).toMatchObject([{ reason: 'token-invalid-signature', afterRetry: true }]);

    const carol = liveClient(api.url, () => sessionToken('user_carol'));
    const forbidden = await watchTasks(carol.client).failed();
    expect(forbidden.data).toMatchObject({ code: 'FORBIDDEN', reason: 'no-active-organization' });
  });

  it('ends the stream at token expiry; the reconnect with a fresh token resumes with nothing lost', async () => {
    const refresh = deferred<GetTokenOptions | undefined>();
    const freshToken = deferred<string>();
    let calls = 0;
    const alice = liveClient(api.url, async (options) => {
      calls += 1;
      // Expires in 5 s: a stream needs ≥ 1 s of token life at connect, so a busy CI machine has 4 s to
      // connect before the first connection itself would be refused.
      if (calls === 1) return sessionToken('user_alice', 'org_acme', 5);
      refresh.resolve(options);
      return freshToken.promise;
    });
    const bob = personaClient(api.url, 'user_bob', 'org_acme');
    const watch = watchTasks(alice.client);
    await watch.next(); // ready

    const before = await bob.tasks.create.mutate({ title: 'before expiry' });
    const created = await watch.next();
    expect(created.data).toEqual({ type: 'created', task: before });

    // The server ended the stream at `exp` (token-expired); the auth link asks for a fresh token.
    expect(await refresh.promise).toEqual({ skipCache: true });
    // Meanwhile, with nobody connected, the org keeps changing.
    const during = await bob.tasks.create.mutate({ title: 'while reconnecting' });
    const renamed = await bob.tasks.update.mutate({ id: before.id, title: 'renamed while reconnecting' });
    freshToken.resolve(await sessionToken('user_alice', 'org_acme'));

    const replayed = [await watch.next(), await watch.next(), await watch.next()];
    expect(replayed.map((event) => event.data)).toEqual([
      { type: 'created', task: during },
      { type: 'updated', task: renamed },
      { type: 'ready', resync: false },
    ]);
    const seqOf = (event: { id: string }) => Number(event.id.split(':')[1]);
    expect(replayed.slice(0, 2).map(seqOf)).toEqual([seqOf(created) + 1, seqOf(created) + 2]);
    expect(alice.unauthorized).toEqual([]);
    watch.unsubscribe();
  });
});

describe('SSE through the hardening layer', () => {
  // Timeouts far below the stream's life: they must apply to receiving the request, not to the stream.
  const api = useTestServer({
    env: { ...clerk.apiEnv, LOG_LEVEL: 'silent', HEADERS_TIMEOUT_MS: '500', REQUEST_TIMEOUT_MS: '1000' },
  });

  it('answers an uncompressed, uncached event stream', async () => {
    const token = await sessionToken('user_alice', 'org_acme');
    const controller = new AbortController();
    const res = await fetch(`${api.url}/trpc/tasks.onChange`, {
      headers: {
        accept: 'text/event-stream',
        authorization: `Bearer ${token}`,
        'accept-encoding': 'gzip, br',
      },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toContain('no-cache');
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const first = await res.body!.getReader().read();
    expect(new TextDecoder().decode(first.value)).toContain('event: connected');
    controller.abort();
  });

  it('keeps a stream open past REQUEST_TIMEOUT_MS and HEADERS_TIMEOUT_MS', async () => {
    const watch = watchTasks(liveClient(api.url, () => sessionToken('user_alice', 'org_acme')).client);
    await watch.next();
    // Held well past both timeouts (and several of Node's 250 ms checks of them): waiting is the test.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const task = await personaClient(api.url, 'user_bob', 'org_acme').tasks.create.mutate({
      title: 'still live',
    });
    expect((await watch.next()).data).toEqual({ type: 'created', task });
    expect(watch.states.filter((state) => state === 'connecting')).toHaveLength(1); // the first connect only
    watch.unsubscribe();
  });

  it('ends live streams on shutdown so the drain is clean, and the client is told to reconnect', async () => {
    const watch = watchTasks(liveClient(api.url, () => sessionToken('user_alice', 'org_acme')).client);
    await watch.next();
    const reconnecting = watch.enters('connecting');
    const closed = api.api.close();
    // SERVICE_UNAVAILABLE is retryable for tRPC's SSE client: it goes back to `connecting`, not to an error.
    await reconnecting;
    expect(await closed).toEqual({ drained: true });
    watch.unsubscribe();
  });
});
