import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  encodeSegment,
  generateSigningKeys,
  SESSION_TOKEN_HEADER as HEADER,
  sessionClaims,
  signHs256,
  signRs256,
} from '@gatehouse/auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, buildApi, spawnApi } from '../hardening/processes';
import { AZP, ISSUER } from './support';

/**
 * The BUILT API (tsup bundle, plain `node`, NODE_ENV=production) in Clerk mode with a PEM generated
 * here: valid tokens pass, the attacks get their 4xx, nothing 500s, tokens never reach the logs, and
 * the local issuer refuses to start in production.
 */
const keys = generateSigningKeys();
const foreign = generateSigningKeys();
let entry: string;
let dataDir: string;
let api: ApiProcess;

const claims = (overrides: Record<string, unknown> = {}) =>
  sessionClaims({
    issuer: ISSUER,
    authorizedParty: AZP,
    overrides: { sub: 'user_built', sid: 'sess_built', ...overrides },
  });
const valid = signRs256(HEADER, claims({ o: { id: 'org_b', rol: 'admin', slg: 'b' } }), keys.privateKey);

beforeAll(async () => {
  entry = await buildApi('auth-clerk-mode');
  dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-built-clerk-'));
  api = await spawnApi(entry, {
    NODE_ENV: 'production',
    CLERK_JWT_KEY: keys.publicKeyPem,
    CLERK_ISSUER: ISSUER,
    CORS_ORIGINS: AZP,
    DATA_DIR: dataDir,
    DATABASE_URL: 'memory://',
    RATE_LIMIT_AUTH_FAILURE_MAX: '0',
  });
}, 180_000);
afterAll(async () => {
  api?.child.kill('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function me(authorization?: string) {
  const res = await fetch(`${api.url}/trpc/me`, { headers: authorization ? { authorization } : {} });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) };
}

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

  it.each([
    [
      'alg none',
      `Bearer ${encodeSegment({ alg: 'none', typ: 'JWT' })}.${encodeSegment(claims())}.`,
      401,
      'token-invalid',
    ],
    [
      'HS256 with the public key',
      `Bearer ${signHs256({ alg: 'HS256', typ: 'JWT' }, claims(), keys.publicKeyPem)}`,
      401,
      'token-invalid-algorithm',
    ],
    [
      'foreign key',
      `Bearer ${signRs256(HEADER, claims(), foreign.privateKey)}`,
      401,
      'token-invalid-signature',
    ],
    [
      'embedded jwk',
      `Bearer ${signRs256({ ...HEADER, jwk: { kty: 'RSA' } }, claims(), keys.privateKey)}`,
      401,
      'token-invalid-header',
    ],
    [
      'expired',
      `Bearer ${signRs256(HEADER, claims({ iat: Math.floor(Date.now() / 1000) - 90, exp: Math.floor(Date.now() / 1000) - 30 }), keys.privateKey)}`,
      401,
      'token-expired',
    ],
    [
      'wrong azp',
      `Bearer ${signRs256(HEADER, claims({ azp: 'https://evil.example' }), keys.privateKey)}`,
      401,
      'token-invalid-authorized-party',
    ],
    ['garbage', 'Bearer garbage', 401, 'token-invalid'],
    ['malformed header', `Bearer ${valid} extra`, 400, 'invalid_request'],
  ])('%s → its 4xx and reason, no stack', async (_label, authorization, status, reason) => {
    const result = await me(authorization);
    expect(result.status).toBe(status);
    expect(result.body.error.json.data.reason).toBe(reason);
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
      spawnApi(entry, { NODE_ENV: 'production', AUTH_MODE: 'local', DATA_DIR: dataDir }),
    ).rejects.toThrow(/AUTH_MODE: local mints tokens for anyone and is refused with NODE_ENV=production/);
  });
});
