import { createServer } from 'node:http';
import type { AppRouter } from '@gatehouse/api-contract';
import { createAuthenticator, extractCredential } from '@gatehouse/auth/server';
import { createClerkTestInstance } from '@gatehouse/auth/testing';
import { withTraceparent } from '@gatehouse/auth/trpc-links';
import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTracing, type Tracing } from '../../src/observability/tracing';
import { query } from '../support/http';
import { useTestServer } from '../support/test-server';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
beforeAll(async () => {
  tracing = await startTracing([new SimpleSpanProcessor({ exporter })]);
});
afterAll(() => tracing.shutdown());

const server = useTestServer();

const spansOf = (traceId: string) =>
  exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
const childrenOf = (spans: ReadableSpan[], parent: Pick<ReadableSpan, 'spanContext'>) =>
  spans.filter((span) => span.parentSpanContext?.spanId === parent.spanContext().spanId);
const named = (spans: ReadableSpan[], name: string) => spans.filter((span) => span.name === name);

/** Resolves once the request's server span has ended (after the response is on the wire). */
async function requestSpan(traceId: string): Promise<ReadableSpan> {
  return vi.waitFor(() => {
    const [span] = spansOf(traceId).filter((s) => s.kind === SpanKind.SERVER);
    if (!span) throw new Error(`no server span yet in trace ${traceId}`);
    return span;
  });
}

/** The SPA's client setup (ApiProvider): one batched HTTP request, `withTraceparent` headers. */
function spaClient(token: string, sent: string[]) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${server.url}/trpc`,
        transformer: superjson,
        headers: withTraceparent(() => ({ authorization: `Bearer ${token}` })),
        fetch: (input, init) => {
          sent.push(new Headers(init?.headers).get('traceparent') ?? '');
          return fetch(input, init);
        },
      }),
    ],
  });
}

describe('a batched request from the SPA, one call allowed and one refused', () => {
  it('is one trace, continuing the traceparent the SPA sent, with a span per call', async () => {
    const token = await server.localToken('user_alice');
    const sent: string[] = [];
    const client = spaClient(token, sent);
    const [profile, orgCall] = await Promise.allSettled([client.profile.query(), client.org.current.query()]);
    expect(profile.status).toBe('fulfilled');
    expect(orgCall.status).toBe('rejected');

    expect(sent).toHaveLength(1);
    const [, traceId, parentId, flags] = sent[0]!.split('-');
    expect(flags).toBe('01');
    const http = await requestSpan(traceId!);
    const spans = spansOf(traceId!);

    expect(http.parentSpanContext?.spanId).toBe(parentId);
    expect(http.name).toBe('GET /trpc');
    expect(http.attributes).toMatchObject({
      'http.route': '/trpc',
      'http.response.status_code': 207,
      'trpc.procedures': 'profile,org.current',
      'gatehouse.caller.auth': 'session_token',
      'gatehouse.caller.user_id': 'user_alice',
    });
    expect(http.attributes['gatehouse.request_id']).toEqual(expect.any(String));

    const [authentication] = named(childrenOf(spans, http), 'gatehouse.authenticate');
    expect(authentication?.attributes).toEqual({
      'gatehouse.auth.credential': 'authorization',
      'gatehouse.auth.cache': 'miss',
      'gatehouse.auth.key_source': 'pem',
      'gatehouse.auth.outcome': 'ok',
      'gatehouse.auth.token_type': 'session_token',
    });

    const [allowed] = named(childrenOf(spans, http), 'trpc profile');
    const [refused] = named(childrenOf(spans, http), 'trpc org.current');
    expect(allowed?.attributes).toMatchObject({
      'rpc.system': 'trpc',
      'rpc.method': 'profile',
      'trpc.type': 'query',
      'gatehouse.access': 'protected',
      'gatehouse.outcome': 'ok',
      'gatehouse.caller.user_id': 'user_alice',
    });
    expect(refused?.attributes).toMatchObject({
      'rpc.method': 'org.current',
      'gatehouse.access': 'org',
      'gatehouse.outcome': 'FORBIDDEN',
      'gatehouse.reason': 'no-active-organization',
      'gatehouse.caller.user_id': 'user_alice',
    });
    expect(refused?.attributes).not.toHaveProperty('gatehouse.caller.org_id');

    // The allowed call read the database; the refused one never reached it.
    const statements = childrenOf(spans, allowed!);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.kind).toBe(SpanKind.CLIENT);
      expect(statement.attributes['db.system.name']).toBe('postgresql');
      expect(statement.attributes['db.query.text']).toMatch(/^(select|insert|update|with|begin|set|commit)/i);
    }
    expect(childrenOf(spans, refused!)).toEqual([]);

    // Nothing of the token in any span; the request's log lines lead to the trace.
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain(token.split('.')[2]);
    const line = await server.waitForLog((l) => l.msg === 'request completed' && l.trace_id === traceId);
    expect(line.span_id).toEqual(expect.any(String));
    expect(server.rawLogs()).not.toContain(token);
  });

  it('sends a fresh traceparent on every request', async () => {
    const sent: string[] = [];
    const client = spaClient(await server.localToken('user_alice'), sent);
    await client.profile.query();
    await client.profile.query();
    expect(sent).toHaveLength(2);
    for (const header of sent) expect(header).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(sent[0]!.split('-')[1]).not.toBe(sent[1]!.split('-')[1]);
  });
});

describe('token verification spans', () => {
  it('say when the verified-token cache answered', async () => {
    const token = await server.localToken('user_bob');
    await query(server, 'me', { token });
    const traceparent = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
    await query(server, 'me', { token, headers: { traceparent } });
    await requestSpan('ab'.repeat(16));
    expect(named(spansOf('ab'.repeat(16)), 'gatehouse.authenticate')[0]?.attributes).toMatchObject({
      'gatehouse.auth.cache': 'hit',
      'gatehouse.auth.outcome': 'ok',
    });
  });

  it('give a refused token its reason, on the request span too', async () => {
    const traceId = 'ef'.repeat(16);
    const result = await query(server, 'me', {
      token: 'not-a-token',
      headers: { traceparent: `00-${traceId}-${'12'.repeat(8)}-01` },
    });
    expect(result.status).toBe(401);
    const http = await requestSpan(traceId);
    expect(http.attributes).toMatchObject({
      'http.response.status_code': 401,
      'gatehouse.caller.auth': 'refused',
      'gatehouse.caller.auth_reason': 'token-invalid',
    });
    expect(named(spansOf(traceId), 'gatehouse.authenticate')[0]?.attributes).toMatchObject({
      'gatehouse.auth.outcome': 'token-invalid',
    });
    expect(JSON.stringify(spansOf(traceId).map((span) => span.attributes))).not.toContain('not-a-token');
    // The log line of the refusal says why, and leads to this trace.
    const line = await server.waitForLog((l) => l.msg === 'request completed' && l.trace_id === traceId);
    expect(line).toMatchObject({ authReason: 'token-invalid', userId: null, res: { statusCode: 401 } });
    expect(server.rawLogs()).not.toContain('not-a-token');
  });

  it('say when the token came in the session cookie, and keep the cookie out', async () => {
    const token = await server.localToken('user_carol');
    const traceId = '78'.repeat(16);
    const result = await query(server, 'me', {
      headers: {
        cookie: `__session=${token}; theme=dark`,
        traceparent: `00-${traceId}-${'9a'.repeat(8)}-01`,
      },
    });
    expect(result.status).toBe(200);
    await requestSpan(traceId);
    expect(named(spansOf(traceId), 'gatehouse.authenticate')[0]?.attributes).toMatchObject({
      'gatehouse.auth.credential': 'cookie',
      'gatehouse.auth.outcome': 'ok',
    });
    const recorded = JSON.stringify(spansOf(traceId).map((span) => span.attributes));
    expect(recorded).not.toContain(token.split('.')[2]);
    expect(recorded).not.toContain('__session');
    expect(server.rawLogs()).not.toContain(token);
  });

  it('name a machine caller by its subject, never by its secret', async () => {
    const created = await fetch(`${server.url}/dev/auth/api-keys`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'org_acme', name: 'traced key', scopes: ['tasks:read'] }),
    });
    expect(created.status).toBe(201);
    const { id, secret } = (await created.json()) as { id: string; secret: string };
    const traceId = '34'.repeat(16);
    const listed = await query(server, 'tasks.list', {
      token: secret,
      headers: { traceparent: `00-${traceId}-${'56'.repeat(8)}-01` },
    });
    expect(listed.status).toBe(200);
    const http = await requestSpan(traceId);
    const machine = {
      'gatehouse.caller.auth': 'api_key',
      'gatehouse.caller.org_id': 'org_acme',
      'gatehouse.caller.machine_subject': 'org_acme',
      'gatehouse.caller.machine_id': id,
    };
    expect(http.attributes).toMatchObject(machine);
    const spans = spansOf(traceId);
    expect(named(spans, 'trpc tasks.list')[0]?.attributes).toMatchObject({
      ...machine,
      'gatehouse.outcome': 'ok',
    });
    expect(named(spans, 'gatehouse.authenticate')[0]?.attributes).toMatchObject({
      'gatehouse.auth.key_source': 'backend-api',
      'gatehouse.auth.token_type': 'api_key',
    });
    expect(JSON.stringify(exporter.getFinishedSpans().map((span) => span.attributes))).not.toContain(secret);
    expect(server.rawLogs()).not.toContain(secret);
  });

  it('record each JWKS fetch under the verification that needed it', async () => {
    const clerk = createClerkTestInstance();
    const jwks = createServer((req, res) => {
      if (req.url === '/down') res.writeHead(503).end();
      else
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [clerk.jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as { port: number };
    const verifyUnder = async (path: string) => {
      const authenticator = createAuthenticator(
        clerk.authenticatorConfig({ keySource: { kind: 'jwks', url: `http://127.0.0.1:${port}${path}` } }),
      );
      const credential = extractCredential(['authorization', `Bearer ${clerk.token()}`]);
      return trace.getTracer('test').startActiveSpan(`request ${path}`, async (request) => {
        const auth = await authenticator.authenticate(credential);
        request.end();
        const spans = exporter.getFinishedSpans();
        const [verification] = childrenOf(spans, request);
        return { auth, verification: verification!, fetches: childrenOf(spans, verification!) };
      });
    };
    try {
      const up = await verifyUnder('/jwks');
      expect(up.auth.isAuthenticated).toBe(true);
      expect(up.verification.attributes).toMatchObject({
        'gatehouse.auth.cache': 'miss',
        'gatehouse.auth.key_source': 'jwks',
        'gatehouse.auth.outcome': 'ok',
      });
      expect(up.fetches.map((span) => [span.name, span.attributes['gatehouse.jwks.outcome']])).toEqual([
        ['gatehouse.jwks.fetch', 'ok'],
      ]);

      const down = await verifyUnder('/down');
      expect(down.verification.attributes['gatehouse.auth.outcome']).toBe('jwks-unavailable');
      expect(down.fetches.map((span) => span.attributes['gatehouse.jwks.outcome'])).toEqual(['failed']);
    } finally {
      jwks.close();
    }
  });
});
