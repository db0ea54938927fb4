/**
 * Local mode's machine credentials end to end: keys and M2M tokens from /dev/auth, verified by the API
 * through the same @clerk/backend calls as in Clerk mode, against the local issuer's stand-in of
 * Clerk's Backend API (served by the API itself), persisted under DATA_DIR.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataOf, errorOf, query } from '../support/http';
import { RATE_LIMITS_OFF, useTestServer } from '../support/test-server';

const AZP = 'http://localhost:5173';
// Its own DATA_DIR, to read the local issuer's files.
const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-machine-local-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const api = useTestServer({ env: { ...RATE_LIMITS_OFF, DATA_DIR: dataDir, CORS_ORIGINS: AZP } });

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies, inspected by the assertions
type Json = any;

async function devAuth(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${api.url}/dev/auth${path}`, {
    method,
    headers: { origin: AZP, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const createKey = async (subject: string, scopes: string[], name = 'test key') => {
  const created = await devAuth('POST', '/api-keys', { subject, name, scopes });
  expect(created.status).toBe(201);
  return created.body as { id: string; secret: string };
};

async function createTask(token: string, title: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${api.url}/trpc/tasks.create`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ json: { title } }),
  });
  return { status: res.status, body: await res.json() };
}

describe('API keys in local mode', () => {
  it('creates an organization key whose secret lists the org’s tasks, and nothing it was not granted', async () => {
    const { id, secret } = await createKey('org_acme', ['tasks:read']);
    expect(secret).toMatch(/^ak_[\w-]{43}$/);
    expect(id).toMatch(/^ak_id_/);
    const listed = await query(api, 'tasks.list', { token: secret });
    expect(listed.status).toBe(200);
    expect(dataOf(listed)).toMatchObject({ items: expect.any(Array) });
    expect(dataOf(await query(api, 'machine.whoami', { token: secret }))).toEqual({
      tokenType: 'api_key',
      subject: 'org_acme',
      scopes: ['tasks:read'],
    });
    const created = await createTask(secret, 'not allowed');
    expect(created.status).toBe(403);
    expect(created.body.error.json.data.reason).toBe('missing-scope');
    expect(errorOf(await query(api, 'me', { token: secret }))).toEqual({
      httpStatus: 401,
      code: 'UNAUTHORIZED',
      reason: 'machine-token-not-accepted',
    });
  });

  it('records tasks created with tasks:write as created by the key', async () => {
    const { id, secret } = await createKey('org_acme', ['tasks:write']);
    const created = await createTask(secret, 'From a script');
    expect(created.status).toBe(200);
    expect(created.body.result.data.json).toMatchObject({ title: 'From a script', createdBy: id });
  });

  it('lets a user’s key with notes:read list that user’s notes', async () => {
    const { secret } = await createKey('user_bob', ['notes:read']);
    const listed = await query(api, 'notes.list', { token: secret });
    expect(listed.status).toBe(200);
    expect(errorOf(await query(api, 'tasks.list', { token: secret })).reason).toBe(
      'machine-token-not-accepted',
    );
  });

  it('revokes a key at once: the next call is 401 machine-token-invalid', async () => {
    const { id, secret } = await createKey('org_acme', ['tasks:read']);
    expect((await query(api, 'tasks.list', { token: secret })).status).toBe(200);
    expect(await devAuth('DELETE', `/api-keys/${id}`)).toEqual({ status: 200, body: { id, revoked: true } });
    const refused = await query(api, 'tasks.list', { token: secret });
    expect(errorOf(refused)).toEqual({
      httpStatus: 401,
      code: 'UNAUTHORIZED',
      reason: 'machine-token-invalid',
    });
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect((await devAuth('GET', '/api-keys?subject=org_acme')).body.apiKeys).toContainEqual(
      expect.objectContaining({ id, revoked: true }),
    );
  });

  it('lists a subject’s keys without their secrets, and keeps secrets out of its file', async () => {
    const { id, secret } = await createKey('user_carol', ['notes:read'], 'Carol’s laptop');
    const { body } = await devAuth('GET', '/api-keys?subject=user_carol');
    expect(body.apiKeys).toEqual([
      {
        id,
        name: 'Carol’s laptop',
        subject: 'user_carol',
        scopes: ['notes:read'],
        createdAt: expect.any(Number),
        revoked: false,
      },
    ]);
    const file = await readFile(join(dataDir, 'auth', 'api-keys.jsonl'), 'utf8');
    expect(file).toContain(id);
    expect(file).not.toContain(secret);
  });

  it('refuses bad requests with their reasons', async () => {
    expect(await devAuth('POST', '/api-keys', { subject: 'org_acme' })).toMatchObject({
      status: 400,
      body: { error: { reason: 'invalid-body' } },
    });
    expect(await devAuth('POST', '/api-keys', { subject: 'org_evil', name: 'x' })).toMatchObject({
      status: 404,
      body: { error: { reason: 'unknown-persona' } },
    });
    expect(await devAuth('DELETE', '/api-keys/ak_id_nope')).toMatchObject({
      status: 404,
      body: { error: { reason: 'unknown-api-key' } },
    });
    expect(await devAuth('POST', '/m2m-tokens', { machineId: 'mch_evil', format: 'jwt' })).toMatchObject({
      status: 404,
      body: { error: { reason: 'unknown-persona' } },
    });
  });

  it('serves its Backend API stand-in only to holders of its secret key', async () => {
    const res = await fetch(`${api.url}/dev/auth/backend-api/api_keys/verify`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_guess', 'content-type': 'application/json' },
      body: JSON.stringify({ secret: `ak_${'x'.repeat(43)}` }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json');
  });
});

describe('M2M tokens in local mode', () => {
  it('lists the machine persona', async () => {
    expect((await devAuth('GET', '/personas')).body.machines).toEqual([
      { machineId: 'mch_nightly', name: 'Nightly report' },
    ]);
  });

  it.each(['jwt', 'opaque'] as const)('mints a %s M2M token that machine.whoami accepts', async (format) => {
    const minted = await devAuth('POST', '/m2m-tokens', {
      machineId: 'mch_nightly',
      scopes: ['reports:write'],
      format,
    });
    expect(minted.status).toBe(201);
    expect(minted.body.token).toMatch(format === 'jwt' ? /^eyJ/ : /^mt_/);
    expect(dataOf(await query(api, 'machine.whoami', { token: minted.body.token }))).toEqual({
      tokenType: 'm2m_token',
      subject: 'mch_nightly',
      scopes: ['reports:write'],
    });
    expect(errorOf(await query(api, 'tasks.list', { token: minted.body.token })).reason).toBe(
      'machine-token-not-accepted',
    );
  });
});
