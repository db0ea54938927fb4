import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createLocalEventBus, type TaskEventBus } from '@gatehouse/api-contract/events';
import { authFor } from '@gatehouse/api-contract/testing';
import { runInRequest, runWithAuth } from '@gatehouse/auth/server';
import type { DatabaseHandle } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { type AuthRuntime, createAuthRuntime } from '../../src/auth/runtime';
import { openAppDatabase } from '../../src/data/database';
import { loadEnv } from '../../src/env';
import { freshDatabase, START_TIMEOUT_MS } from '../hardening/support';
import { captureLogs } from './log-capture';

const lineWith = (lines: Array<Record<string, unknown>>, msg: string) =>
  lines.find((line) => line.msg === msg);

describe('the request scope behind every log line', () => {
  it('adds nothing outside a request', () => {
    const logs = captureLogs();
    logs.logger.info('listening');
    expect(lineWith(logs.lines(), 'listening')).not.toHaveProperty('requestId');
  });

  it('carries the request id from the start, and nulls until the caller is verified', () => {
    const logs = captureLogs();
    runInRequest('req-early', () => logs.logger.warn('refused before auth'));
    expect(lineWith(logs.lines(), 'refused before auth')).toMatchObject({
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
    expect(lineWith(logs.lines(), 'alice')).toMatchObject({
      requestId: 'req-alice',
      userId: 'user_alice',
      orgId: 'org_acme',
    });
    expect(lineWith(logs.lines(), 'anon')).toMatchObject({
      requestId: 'req-anon',
      userId: null,
      orgId: null,
    });
  });

  it('lets a field written on the line win over the scope', () => {
    const logs = captureLogs();
    runInRequest('req-1', () => logs.logger.info({ requestId: 'explicit' }, 'explicit id'));
    expect(lineWith(logs.lines(), 'explicit id')?.requestId).toBe('explicit');
  });
});

describe('log lines written inside a procedure, through HTTP', () => {
  const logs = captureLogs();
  let server: Server;
  let url: string;
  let auth: AuthRuntime;
  let database: DatabaseHandle;
  let cleanUp: () => Promise<void>;

  beforeAll(async () => {
    const target = await freshDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-log-fields-'));
    cleanUp = async () => {
      await target.drop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    const env = loadEnv({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: target.url, DATA_DIR: dataDir });
    database = await openAppDatabase(env, logs.logger);
    auth = await createAuthRuntime(env);
    // A helper deep in `tasks.create` (after the transaction) that logs with the process logger, as
    // the Redis bus does when a publish fails: no request object, no auth passed in.
    const local = createLocalEventBus();
    const events: TaskEventBus = {
      ...local,
      publish(notice) {
        logs.logger.info({ orgId: notice.orgId }, 'task change published');
        local.publish(notice);
      },
    };
    server = createServer(createApp({ env, logger: logs.logger, database, auth, events }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await database?.close();
    await cleanUp?.();
  });

  const createTask = (requestId: string, token?: string) =>
    fetch(`${url}/trpc/tasks.create`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ json: { title: `task of ${requestId}` } }),
    });

  it('carries requestId, userId and orgId, per request, and never the token', async () => {
    const alice = (await auth.localIssuer!.mint({ userId: 'user_alice', orgId: 'org_acme' })).token;
    const dave = (await auth.localIssuer!.mint({ userId: 'user_dave', orgId: 'org_globex' })).token;
    const statuses = await Promise.all([createTask('deep-alice', alice), createTask('deep-dave', dave)]);
    expect(statuses.map((res) => res.status)).toEqual([200, 200]);

    const published = logs.lines().filter((line) => line.msg === 'task change published');
    expect(published).toHaveLength(2);
    expect(published).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ requestId: 'deep-alice', userId: 'user_alice', orgId: 'org_acme' }),
        expect.objectContaining({ requestId: 'deep-dave', userId: 'user_dave', orgId: 'org_globex' }),
      ]),
    );
    for (const token of [alice, dave]) {
      expect(logs.raw()).not.toContain(token);
      expect(logs.raw()).not.toContain(token.split('.')[2]!);
    }
  });

  it("writes each field once on the request line, where the line's own values win", async () => {
    const res = await createTask('deep-anon');
    expect(res.status).toBe(401);
    const raw = await logs.rawLineWith('"requestId":"deep-anon"');
    for (const field of ['requestId', 'userId', 'orgId']) expect(raw.split(`"${field}":`)).toHaveLength(2);
    expect(JSON.parse(raw)).toMatchObject({ msg: 'request completed', userId: null, orgId: null });
    expect(logs.lines().filter((line) => line.requestId === 'deep-anon')).toHaveLength(1);
  });
});
