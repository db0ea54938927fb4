import { request } from 'node:http';
import { createClerkTestInstance } from '@gatehouse/auth/testing';
import { describe, expect, it } from 'vitest';
import { RATE_LIMITS_OFF, type TestServer, useTestServer } from '../support/test-server';

/**
 * A page the developer opens can point its own domain at 127.0.0.1 and call the API as same-origin; the
 * only trace is its domain in `Host` (fetch cannot set that header, so node:http sends it here).
 */
function callAs(server: TestServer, host: string, path: string, body?: unknown) {
  return new Promise<{ status: number; reason: unknown }>((resolve, reject) => {
    const headers = { host, origin: `http://${host}`, 'content-type': 'application/json' };
    const req = request(new URL(path, server.url), { method: body ? 'POST' : 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => {
        const parsed = JSON.parse(text) as {
          error?: { reason?: unknown; json?: { data?: { reason?: unknown } } };
        };
        resolve({
          status: res.statusCode ?? 0,
          reason: parsed.error?.reason ?? parsed.error?.json?.data?.reason ?? null,
        });
      });
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

const ALICE = { userId: 'user_alice', orgId: 'org_acme' };

describe('local mode signs in only requests addressed to this machine', () => {
  const server = useTestServer({ env: { ...RATE_LIMITS_OFF, CORS_ORIGINS: 'http://devbox.example:5173' } });
  const port = () => new URL(server.url).port;

  it.each(['rebind.attacker.example', 'localhost.attacker.example', '127.0.0.1.nip.io'])(
    'refuses %s with 403 host-not-allowed on /dev/auth: no token, no persona list',
    async (name) => {
      const host = `${name}:${port()}`;
      expect(await callAs(server, host, '/dev/auth/token', ALICE)).toEqual({
        status: 403,
        reason: 'host-not-allowed',
      });
      expect(await callAs(server, host, '/dev/auth/personas')).toEqual({
        status: 403,
        reason: 'host-not-allowed',
      });
      // The rest of the API wants a token, which such a page can no longer get.
      expect((await callAs(server, host, '/trpc/health')).status).toBe(200);
    },
  );

  it.each(['localhost', '127.0.0.1', '[::1]', 'gatehouse.localhost', 'devbox.example', '192.168.1.20'])(
    'serves %s (loopback names, IP addresses, hosts of CORS_ORIGINS)',
    async (name) => {
      expect((await callAs(server, `${name}:${port()}`, '/dev/auth/token', ALICE)).status).toBe(200);
    },
  );
});

describe('Clerk mode', () => {
  const server = useTestServer({ env: { ...RATE_LIMITS_OFF, ...createClerkTestInstance().apiEnv } });

  it('serves any host: its tokens are bearer credentials a rebinding page cannot obtain', async () => {
    expect((await callAs(server, `api.example.com:${new URL(server.url).port}`, '/trpc/health')).status).toBe(
      200,
    );
  });
});
