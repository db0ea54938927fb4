/**
 * Rate limits for machine callers, in Clerk mode against a loopback stand-in of Clerk's Backend API:
 * budgets keyed by the credential's subject, and a flood of random API keys from one client costing a
 * bounded number of Backend API calls and no memory that stays.
 */
import { randomBytes } from 'node:crypto';
import { createClerkTestInstance } from '@gatehouse/auth/testing';
import { describe, expect, it } from 'vitest';
import { useBackendApiStandIn } from '../support/backend-api';
import { errorOf, query } from '../support/http';
import { useTestServer } from '../support/test-server';

const clerk = createClerkTestInstance();
const REFUSED_BUDGET = 20;
const CONCURRENCY = 10;
const FLOOD = 500;
const backend = useBackendApiStandIn();
const api = useTestServer(() => ({
  env: {
    ...clerk.apiEnv,
    ...backend.apiEnv,
    RATE_LIMIT_MAX: '5',
    RATE_LIMIT_AUTH_FAILURE_MAX: String(REFUSED_BUDGET),
  },
}));

const key = async (subject: string) =>
  (await backend.store.create('api_key', { subject, scopes: ['tasks:read'] })).secret;

describe('machine callers and the rate limits', () => {
  it('key the general budget on the credential’s subject: two keys of one org share it', async () => {
    const [first, second, other] = [await key('org_acme'), await key('org_acme'), await key('org_globex')];
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await query(api, 'tasks.list', { token: first })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(errorOf(await query(api, 'tasks.list', { token: second })).reason).toBe('rate-limited');
    expect((await query(api, 'tasks.list', { token: other })).status).toBe(200);
  });

  it('count refused API keys against the client, and stop asking Clerk once its budget is spent', async () => {
    const callsBefore = backend.calls;
    const statuses = new Map<string, number>();
    let sent = 0;
    const worker = async () => {
      while (sent < FLOOD) {
        sent += 1;
        const result = await query(api, 'tasks.list', { token: `ak_${randomBytes(32).toString('base64')}` });
        const outcome = `${result.status} ${errorOf(result).reason}`;
        statuses.set(outcome, (statuses.get(outcome) ?? 0) + 1);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const backendCalls = backend.calls - callsBefore;
    expect(backendCalls).toBeGreaterThanOrEqual(REFUSED_BUDGET);
    expect(backendCalls).toBeLessThanOrEqual(REFUSED_BUDGET + CONCURRENCY);
    // Refused (the budget-sized first few), else rate limited: never a 5xx, never let in.
    expect([...statuses.keys()].sort()).toEqual(['401 machine-token-invalid', '429 rate-limited']);
    expect((statuses.get('401 machine-token-invalid') ?? 0) + (statuses.get('429 rate-limited') ?? 0)).toBe(
      FLOOD,
    );
    // Nothing of the flood stays behind: refusals are never cached, nothing is still being verified.
    expect(api.api.auth.authenticator.verifying).toBe(0);
    expect(api.api.auth.authenticator.cached).toBeLessThanOrEqual(3);
  });
});
