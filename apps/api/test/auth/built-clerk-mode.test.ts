import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClerkTestInstance, hostileTokens } from '@gatehouse/auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi, type ServerProcess, startBuiltApi } from '../support/built-api';
import { query } from '../support/http';

/**
 * The BUILT API (tsup bundle, plain `node`, NODE_ENV=production) in Clerk mode with a key of this file's
 * own: valid tokens pass, the attacks get their 4xx, nothing 500s, tokens never reach the logs, and the
 * local issuer refuses to start in production.
 */
const clerk = createClerkTestInstance();
const foreign = createClerkTestInstance();
let entry: string;
let dataDir: string;
let api: ServerProcess;

const valid = clerk.token({
  userId: 'user_built',
  sessionId: 'sess_built',
  org: { id: 'org_b', role: 'org:admin', slug: 'b' },
});

beforeAll(async () => {
  entry = await buildApi('auth-clerk-mode');
  dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-built-clerk-'));
  api = await startBuiltApi({
    entry,
    env: {
      ...clerk.apiEnv,
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      DATABASE_URL: 'memory://',
      RATE_LIMIT_AUTH_FAILURE_MAX: '0',
    },
  });
}, 180_000);
afterAll(async () => {
  await api?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const me = (authorization?: string) => query(api, 'me', { headers: authorization ? { authorization } : {} });

describe('built API, Clerk mode, production', () => {
  it('a valid token passes and `me` is the token', async () => {
    const result = await me(`Bearer ${valid}`);
    expect(result.status).toBe(200);
    expect(result.body.result.data.json).toMatchObject({
      userId: 'user_built',
      sessionId: 'sess_built',
      orgId: 'org_b',
    });
  });

  it.each(hostileTokens(clerk, foreign))(
    '%s → 401 and its reason, no stack',
    async (_label, token, reason) => {
      const result = await me(`Bearer ${token}`);
      expect(result.status).toBe(401);
      expect(result.body.error.json.data.reason).toBe(reason);
      expect(result.text).not.toMatch(/stack|at .*\.js:\d+/);
    },
  );

  it('a malformed Authorization header → 400 invalid_request, no stack', async () => {
    const result = await me(`Bearer ${valid} extra`);
    expect(result.status).toBe(400);
    expect(result.body.error.json.data.reason).toBe('invalid_request');
    expect(result.text).not.toMatch(/stack|at .*\.js:\d+/);
  });

  it('has no /dev/auth routes', async () => {
    expect((await fetch(`${api.url}/dev/auth/personas`)).status).toBe(404);
  });

  it('never writes a token into its logs', () => {
    const logs = JSON.stringify(api.logs);
    expect(logs).toContain('/trpc/me');
    expect(logs).not.toContain(valid.split('.')[2]);
  });

  it('refuses to start the local issuer with NODE_ENV=production', async () => {
    await expect(
      startBuiltApi({ entry, env: { NODE_ENV: 'production', AUTH_MODE: 'local', DATA_DIR: dataDir } }),
    ).rejects.toThrow(/AUTH_MODE: local mints tokens for anyone and is refused with NODE_ENV=production/);
  });
});
