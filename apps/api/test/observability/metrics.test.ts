import { describe, expect, it, vi } from 'vitest';
import { clerkUser, deliver, signedDelivery, WEBHOOK_SECRET } from '../data/clerk-deliveries';
import { query } from '../support/http';
import { useTestServer } from '../support/test-server';

const METRICS_TOKEN = 'metrics-token-0123456789-abcdefghijklmnop';

/** Prometheus text → `name{labels}` → value, for the samples asserted below. */
function parseScrape(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

const scrape = (url: string, authorization?: string) =>
  fetch(url, { headers: authorization ? { authorization } : {} });

describe('GET /metrics behind its own bearer token (METRICS_TOKEN)', () => {
  const server = useTestServer({ env: { METRICS_TOKEN, RATE_LIMIT_AUTH_FAILURE_MAX: '2' } });

  it('is refused without the token, or with another one', async () => {
    const bare = await scrape(`${server.url}/metrics`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(await bare.text()).not.toContain('gatehouse_');
    const session = await server.localToken('user_alice');
    expect((await scrape(`${server.url}/metrics`, `Bearer ${session}`)).status).toBe(401);
    expect((await scrape(`${server.url}/metrics`, `Bearer ${METRICS_TOKEN}x`)).status).toBe(401);
  });

  it('counts a scripted mix of requests', async () => {
    const alice = await server.localToken('user_alice');
    const acme = await server.localToken('user_alice', 'org_acme');
    // Two calls as alice (one verification, then the cache), one signed out, a batch of one allowed and
    // one refused call, three refused tokens (the third spends the auth-failure bucket), one webhook.
    expect((await query(server, 'profile', { token: alice })).status).toBe(200);
    expect((await query(server, 'profile', { token: alice })).status).toBe(200);
    expect((await query(server, 'profile')).status).toBe(401);
    expect((await query(server, 'profile,org.current', { token: alice })).status).toBe(207);
    expect((await query(server, 'org.current', { token: acme })).status).toBe(200);
    for (const status of [401, 401, 429])
      expect((await query(server, 'profile', { token: 'forged.token.value' })).status).toBe(status);
    const webhook = await fetch(`${server.url}/webhooks/clerk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(webhook.status).toBe(400); // unsigned (local mode verifies with its issuer's secret)

    const response = await scrape(`${server.url}/metrics`, `Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    const metrics = parseScrape(text);

    expect(metrics.get('gatehouse_trpc_calls_total{procedure="profile",type="query",outcome="ok"}')).toBe(3);
    expect(
      metrics.get('gatehouse_trpc_calls_total{procedure="profile",type="query",outcome="UNAUTHORIZED"}'),
    ).toBe(3);
    expect(
      metrics.get('gatehouse_trpc_calls_total{procedure="org.current",type="query",outcome="FORBIDDEN"}'),
    ).toBe(1);
    expect(metrics.get('gatehouse_trpc_calls_total{procedure="org.current",type="query",outcome="ok"}')).toBe(
      1,
    );
    expect(
      metrics.get('gatehouse_trpc_refusals_total{procedure="org.current",reason="no-active-organization"}'),
    ).toBe(1);
    expect(metrics.get('gatehouse_trpc_refusals_total{procedure="profile",reason="token-missing"}')).toBe(1);
    expect(metrics.get('gatehouse_trpc_refusals_total{procedure="profile",reason="token-invalid"}')).toBe(2);
    expect(
      metrics.get(
        'gatehouse_trpc_call_duration_seconds_count{procedure="profile",type="query",outcome="ok"}',
      ),
    ).toBe(3);

    expect(metrics.get('gatehouse_http_requests_total{method="GET",route="/trpc",status="200"}')).toBe(3);
    expect(metrics.get('gatehouse_http_requests_total{method="GET",route="/trpc",status="207"}')).toBe(1);
    expect(metrics.get('gatehouse_http_requests_total{method="GET",route="/trpc",status="401"}')).toBe(3);
    expect(metrics.get('gatehouse_http_requests_total{method="GET",route="/trpc",status="429"}')).toBe(1);
    expect(
      metrics.get('gatehouse_http_request_duration_seconds_count{method="GET",route="/trpc",status="200"}'),
    ).toBe(3);

    expect(
      metrics.get(
        'gatehouse_auth_outcomes_total{result="authenticated",token_type="session_token",reason="none"}',
      ),
    ).toBe(4);
    expect(
      metrics.get('gatehouse_auth_outcomes_total{result="anonymous",token_type="none",reason="none"}'),
    ).toBe(1);
    expect(
      metrics.get('gatehouse_auth_outcomes_total{result="refused",token_type="none",reason="token-invalid"}'),
    ).toBe(3);
    expect(metrics.get('gatehouse_rate_limit_refusals_total{bucket="auth-failure"}')).toBe(1);
    expect(metrics.get('gatehouse_webhook_deliveries_total{outcome="invalid-webhook"}')).toBe(1);

    // Two tokens verified (alice, alice in acme) plus the forged one three times: misses; alice again: a hit.
    expect(metrics.get('gatehouse_token_cache_misses_total')).toBe(5);
    expect(metrics.get('gatehouse_token_cache_hits_total')).toBe(2);
    expect(metrics.get('gatehouse_token_cache_entries')).toBe(2);
    expect(metrics.get('gatehouse_sse_streams_open')).toBe(0);
    if (server.databaseUrl.startsWith('postgres')) {
      expect(metrics.get('gatehouse_db_pool_connections{state="waiting"}')).toBe(0);
      expect(metrics.get('gatehouse_db_pool_connections{state="idle"}')).toBeGreaterThan(0);
    }
    expect(metrics.has('process_cpu_user_seconds_total')).toBe(true);
    expect(metrics.has('nodejs_eventloop_lag_seconds')).toBe(true);

    // Bounded labels: no user, organization or credential anywhere in the scrape.
    for (const secret of ['user_alice', 'org_acme', alice, acme, 'forged.token.value', METRICS_TOKEN])
      expect(text).not.toContain(secret);
    expect(server.rawLogs()).not.toContain(METRICS_TOKEN);
  });
});

describe('streams and webhook deliveries', () => {
  const server = useTestServer({ env: { METRICS_PORT: '0', CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET } });
  const scraped = async () => parseScrape(await (await scrape(server.api.metricsUrl!)).text());
  const openStreams = async () => (await scraped()).get('gatehouse_sse_streams_open');

  it('counts webhook deliveries by outcome', async () => {
    // Counted from here: the local issuer has already delivered the personas at start-up.
    const before = await scraped();
    const created = signedDelivery('user.created', clerkUser('user_erin', Date.now()));
    expect((await deliver(server.url, created)).status).toBe(200);
    expect((await deliver(server.url, created)).status).toBe(200);
    expect((await deliver(server.url, signedDelivery('email.created', {}))).status).toBe(200);
    const forged = signedDelivery('user.created', clerkUser('user_mallory', Date.now()), {
      secret: `whsec_${Buffer.from('not the secret at all, 24b').toString('base64')}`,
    });
    expect((await deliver(server.url, forged)).status).toBe(400);
    const metrics = await scraped();
    const since = (name: string) => (metrics.get(name) ?? 0) - (before.get(name) ?? 0);
    const deliveries = (outcome: string) => since(`gatehouse_webhook_deliveries_total{outcome="${outcome}"}`);
    expect([deliveries('applied'), deliveries('duplicate'), deliveries('ignored')]).toEqual([1, 1, 1]);
    expect(deliveries('invalid-webhook')).toBe(1);
    expect(since('gatehouse_http_requests_total{method="POST",route="/webhooks/clerk",status="200"}')).toBe(
      3,
    );
  });

  it('counts Server-Sent Event streams while they stream', async () => {
    const token = await server.localToken('user_alice', 'org_acme');
    const controller = new AbortController();
    const res = await fetch(`${server.url}/trpc/tasks.onChange`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    const first = await res.body!.getReader().read();
    expect(new TextDecoder().decode(first.value)).toContain('event: connected');
    expect(await openStreams()).toBe(1);
    controller.abort();
    await vi.waitFor(async () => expect(await openStreams()).toBe(0));
  });
});

describe('GET /metrics by default', () => {
  const server = useTestServer();

  it('does not exist on the public port', async () => {
    expect((await scrape(`${server.url}/metrics`)).status).toBe(404);
    expect(server.api.metricsUrl).toBeNull();
  });
});

describe('GET /metrics on a port of its own (METRICS_PORT)', () => {
  const server = useTestServer({ env: { METRICS_PORT: '0' } });

  it('answers there, on loopback, and not on the public port', async () => {
    const { metricsUrl } = server.api;
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(metricsUrl).not.toContain(new URL(server.url).port);
    const response = await scrape(metricsUrl!);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('gatehouse_http_requests_total');
    expect((await scrape(`${server.url}/metrics`)).status).toBe(404);
  });
});
