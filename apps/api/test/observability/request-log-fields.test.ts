import { setImmediate as nextTurn } from 'node:timers/promises';
import { authFor } from '@gatehouse/api-contract/testing';
import { runInRequest, runWithAuth } from '@gatehouse/auth/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureLogs, useTestServer } from '../support/test-server';

const lineWith = (lines: Array<Record<string, unknown>>, msg: string) =>
  lines.find((line) => line.msg === msg);

describe('the request scope behind every log line', () => {
  it('adds nothing outside a request', () => {
    const logs = captureLogs();
    logs.logger.info('listening');
    expect(lineWith(logs.logs, 'listening')).not.toHaveProperty('requestId');
  });

  it('carries the request id from the start, and nulls until the caller is verified', () => {
    const logs = captureLogs();
    runInRequest('req-early', () => logs.logger.warn('refused before auth'));
    expect(lineWith(logs.logs, 'refused before auth')).toMatchObject({
      requestId: 'req-early',
      userId: null,
      orgId: null,
    });
  });

  it('carries the verified caller across awaits, and nulls for a signed-out one', async () => {
    const logs = captureLogs();
    const deepInTheCall = async (msg: string) => {
      await nextTurn();
      logs.logger.info(msg);
    };
    await Promise.all([
      runInRequest('req-alice', () =>
        runWithAuth(authFor({ persona: 'alice', orgId: 'org_acme' }), () => deepInTheCall('alice')),
      ),
      runInRequest('req-anon', () =>
        runWithAuth(authFor({ signedOut: true, reason: 'token-expired' }), () => deepInTheCall('anon')),
      ),
    ]);
    expect(lineWith(logs.logs, 'alice')).toMatchObject({
      requestId: 'req-alice',
      userId: 'user_alice',
      orgId: 'org_acme',
    });
    expect(lineWith(logs.logs, 'anon')).toMatchObject({
      requestId: 'req-anon',
      userId: null,
      orgId: null,
    });
  });

  it('lets a field written on the line win over the scope', () => {
    const logs = captureLogs();
    runInRequest('req-1', () => logs.logger.info({ requestId: 'explicit' }, 'explicit id'));
    expect(lineWith(logs.logs, 'explicit id')?.requestId).toBe('explicit');
  });
});

describe('log lines written inside a procedure, through HTTP', () => {
  const server = useTestServer();
  beforeAll(() => {
    // A helper deep in `tasks.create` (after the transaction) that logs with the process logger, as
    // the Redis bus does when a publish fails: no request object, no auth passed in.
    const { events, logger } = server.api;
    const publish = events.publish.bind(events);
    events.publish = (notice) => {
      logger.info({ orgId: notice.orgId }, 'task change published');
      publish(notice);
    };
  });

  const createTask = (requestId: string, token?: string) =>
    fetch(`${server.url}/trpc/tasks.create`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ json: { title: `task of ${requestId}` } }),
    });

  it('carries requestId, userId and orgId, per request, and never the token', async () => {
    const alice = await server.localToken('user_alice', 'org_acme');
    const dave = await server.localToken('user_dave', 'org_globex');
    const statuses = await Promise.all([createTask('deep-alice', alice), createTask('deep-dave', dave)]);
    expect(statuses.map((res) => res.status)).toEqual([200, 200]);

    const published = server.logs.filter((line) => line.msg === 'task change published');
    expect(published).toHaveLength(2);
    expect(published).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ requestId: 'deep-alice', userId: 'user_alice', orgId: 'org_acme' }),
        expect.objectContaining({ requestId: 'deep-dave', userId: 'user_dave', orgId: 'org_globex' }),
      ]),
    );
    for (const token of [alice, dave]) {
      expect(server.rawLogs()).not.toContain(token);
      expect(server.rawLogs()).not.toContain(token.split('.')[2]!);
    }
  });

  it("writes each field once on the request line, where the line's own values win", async () => {
    const res = await createTask('deep-anon');
    expect(res.status).toBe(401);
    await server.waitForLog((line) => line.requestId === 'deep-anon');
    const raw = server
      .rawLogs()
      .split('\n')
      .find((line) => line.includes('"requestId":"deep-anon"'))!;
    for (const field of ['requestId', 'userId', 'orgId']) expect(raw.split(`"${field}":`)).toHaveLength(2);
    expect(JSON.parse(raw)).toMatchObject({ msg: 'request completed', userId: null, orgId: null });
    expect(server.logs.filter((line) => line.requestId === 'deep-anon')).toHaveLength(1);
  });
});
