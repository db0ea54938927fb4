import { once } from 'node:events';
import type { Server } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { callerIds } from '@gatehouse/auth';
import { createAuthenticator, getAuth } from '@gatehouse/auth/server';
import { createClerkTestInstance } from '@gatehouse/auth/testing';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, refuseInvalidCredentials } from '../../src/auth/middleware';

/** The middleware alone on a bare Express app: once per request, and `getAuth()` anywhere below it. */
const clerk = createClerkTestInstance();
const authenticator = createAuthenticator(clerk.authenticatorConfig());
const tokenFor = (userId: string) => clerk.token({ userId });

let server: Server;
let url: string;

beforeAll(async () => {
  const app = express();
  app.use(authenticate(authenticator), refuseInvalidCredentials);
  // Far from the middleware: after a body read and an event-loop turn, no request object in hand.
  const whoIsCalling = async () => {
    await nextTurn();
    const auth = getAuth();
    if (!auth.isAuthenticated) return `signed-out:${auth.reason}`;
    return auth.tokenType === 'session_token' ? auth.userId : auth.subject;
  };
  app.post('/echo', express.json(), async (req, res) => {
    res.json({ caller: await whoIsCalling(), body: req.body, locals: callerIds(res.locals.auth).userId });
  });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const post = (headers: Record<string, string>, body: unknown = { hello: 'world' }) =>
  fetch(`${url}/echo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const bodyOf = async (response: Promise<Response>) => (await (await response).json()) as { caller: string };

describe('authenticate middleware', () => {
  it('puts the verified caller on res.locals.auth and behind getAuth()', async () => {
    const res = await post({ authorization: `Bearer ${tokenFor('user_ann')}` });
    expect(await res.json()).toEqual({ caller: 'user_ann', body: { hello: 'world' }, locals: 'user_ann' });
  });

  it('keeps concurrent requests apart', async () => {
    const callers = Array.from({ length: 20 }, (_, i) => `user_${i}`);
    const answers = await Promise.all(
      callers.map(async (sub) => (await bodyOf(post({ authorization: `Bearer ${tokenFor(sub)}` }))).caller),
    );
    expect(answers).toEqual(callers);
  });

  it('lets a refused or absent credential through as signed out with its reason', async () => {
    expect((await bodyOf(post({}))).caller).toBe('signed-out:null');
    expect((await bodyOf(post({ authorization: 'Bearer x.y.z' }))).caller).toBe('signed-out:token-invalid');
  });

  it('answers a malformed credential 400 invalid_request as JSON outside tRPC too', async () => {
    const res = await post({ authorization: 'Token abc' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'BAD_REQUEST', reason: 'invalid_request' } });
  });
});
