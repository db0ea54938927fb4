import { createClerkTestInstance } from '@gatehouse/auth/testing';
import { describe, expect, it } from 'vitest';
import { dataOf, query } from '../support/http';
import { RATE_LIMITS_OFF, useTestServer } from '../support/test-server';

/**
 * Issue 9's "one verification per HTTP request, whatever the batch size", counted on the real server
 * (Clerk mode, a key generated here) through the authenticator's own counters: a verification is a
 * full `verifyToken` pipeline run, a cache hit is a request served without one.
 */
const clerk = createClerkTestInstance();
const server = useTestServer({ env: { ...RATE_LIMITS_OFF, ...clerk.apiEnv } });

const org = { id: 'org_perf', role: 'org:admin', slug: 'perf', permissions: ['org:tasks:read'] };
let sessions = 0;
/** A token never seen by the server (its own session id): the first request with it must verify. */
const freshToken = () => clerk.token({ userId: 'user_perf', sessionId: `sess_perf_${++sessions}`, org });

/** Counter deltas across `action`. */
async function counted(action: () => Promise<void>) {
  const { stats } = server.api.auth.authenticator;
  const before = { ...stats };
  await action();
  return {
    verifications: stats.verifications - before.verifications,
    cacheHits: stats.cacheHits - before.cacheHits,
    inFlightJoins: stats.inFlightJoins - before.inFlightJoins,
  };
}

describe('one verification per HTTP request', () => {
  it('a batch of 10 protected and org calls with a new token: exactly one verification', async () => {
    const token = freshToken();
    const calls = [
      'me',
      'org.current',
      'me',
      'org.current',
      'me',
      'org.current',
      'me',
      'org.current',
      'me',
      'me',
    ];
    let body: Array<{ result: { data: { json: Record<string, unknown> } } }> = [];
    const delta = await counted(async () => {
      const result = await query(server, calls.join(','), { token });
      expect(result.status).toBe(200);
      body = result.body;
    });
    expect(body).toHaveLength(10);
    expect(body[0]!.result.data.json).toMatchObject({ userId: 'user_perf', orgId: 'org_perf' });
    expect(body[1]!.result.data.json).toMatchObject({ id: 'org_perf', role: 'org:admin' });
    expect(delta).toEqual({ verifications: 1, cacheHits: 0, inFlightJoins: 0 });
  });

  it('later requests with the same token are cache hits: no verification at all', async () => {
    const token = freshToken();
    expect((await query(server, 'me', { token })).status).toBe(200);
    const delta = await counted(async () => {
      for (let i = 0; i < 5; i += 1) {
        const result = await query(server, 'me,me,me,me,me,me,me,me,me,me', { token });
        expect(result.status).toBe(200);
      }
    });
    expect(delta).toEqual({ verifications: 0, cacheHits: 5, inFlightJoins: 0 });
  });

  it('10 concurrent requests with a new token share one verification', async () => {
    const token = freshToken();
    const delta = await counted(async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => query(server, 'me', { token })));
      for (const result of results) expect(dataOf(result)).toMatchObject({ userId: 'user_perf' });
    });
    expect(delta.verifications).toBe(1);
    // Each of the other nine either joined the verification in flight or arrived after it finished.
    expect(delta.inFlightJoins + delta.cacheHits).toBe(9);
  });
});
