import { describe, expect, it } from 'vitest';
import { rawRequest } from '../support/http';
import { useTestServer } from '../support/test-server';

// Small limits so the tests stay fast; the defaults are documented in .env.example.
const t = useTestServer({
  env: {
    MAX_BODY_BYTES: '1024',
    MAX_BATCH_SIZE: '3',
    MAX_HEADER_BYTES: '4096',
    HEADERS_TIMEOUT_MS: '300',
    REQUEST_TIMEOUT_MS: '600',
  },
});

/** tRPC's error envelope (superjson): `{ error: { json: { message, code, data } } }`. */
async function trpcError(res: Response) {
  const body = (await res.json()) as { error: { json: { message: string; data: Record<string, unknown> } } };
  return body.error.json;
}

describe('request limits', () => {
  it('answers a declared body over MAX_BODY_BYTES with 413 before reading it', async () => {
    const res = await fetch(`${t.url}/trpc/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(2048) }),
    });
    expect(res.status).toBe(413);
    const error = await trpcError(res);
    expect(error.data).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 });
    expect(error.data.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('lets a body within the limit through to tRPC', async () => {
    const res = await fetch(`${t.url}/trpc/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    // `health` is a query: tRPC itself answers the POST, so the guards let it pass.
    expect(res.status).toBe(405);
  });

  it('answers a streamed body (no Content-Length) over MAX_BODY_BYTES with 413 (tRPC maxBodySize)', async () => {
    const token = await t.localToken('user_alice');
    const chunk = new TextEncoder().encode(`{"json":{"title":"big","body":"${'x'.repeat(700)}`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(chunk);
        controller.enqueue(chunk); // 2 × ~730 bytes > 1024
        controller.enqueue(new TextEncoder().encode('"}}'));
        controller.close();
      },
    });
    const res = await fetch(`${t.url}/trpc/notes.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await trpcError(res)).data).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', path: 'notes.create' });
    const list = await fetch(`${t.url}/trpc/notes.list`, { headers: { authorization: `Bearer ${token}` } });
    expect(
      ((await list.json()) as { result: { data: { json: { items: unknown[] } } } }).result.data.json.items,
    ).toEqual([]);
  });

  it('answers a batch over MAX_BATCH_SIZE with 400 and runs none of it', async () => {
    const input = encodeURIComponent(JSON.stringify({}));
    const tooMany = await fetch(`${t.url}/trpc/health,health,health,health?batch=1&input=${input}`);
    expect(tooMany.status).toBe(400);
    const error = await trpcError(tooMany);
    expect(error.data).toMatchObject({ code: 'BAD_REQUEST', reason: 'batch-too-large' });

    // Commas encoded as %2C are decoded by tRPC, so they count too.
    const encoded = await fetch(`${t.url}/trpc/health%2Chealth%2Chealth%2Chealth?batch=1&input=${input}`);
    expect(encoded.status).toBe(400);

    // tRPC reads the first `batch` parameter, percent-decoded: a repeated or encoded one still counts.
    const segments = await fetch(`${t.url}/trpc/x/health,health,health,health?batch=1&input=${input}`);
    expect(segments.status).toBe(400);
    for (const query of ['batch=1&batch=1', 'batch=1&batch=0', 'batch=1&batch[]=1', '%62atch=1']) {
      const repeated = await fetch(`${t.url}/trpc/health,health,health,health?${query}&input=${input}`);
      expect(repeated.status, query).toBe(400);
      expect((await trpcError(repeated)).data, query).toMatchObject({ reason: 'batch-too-large' });
    }

    const allowed = await fetch(`${t.url}/trpc/health,health,health?batch=1&input=${input}`);
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toHaveLength(3);
  });

  it.each([
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
    ],
    ['text/plain', '{}'],
    ['application/x-www-form-urlencoded', 'a=1'],
  ])('answers a %s mutation with 415', async (contentType, body) => {
    const res = await fetch(`${t.url}/trpc/health`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    expect(res.status).toBe(415);
    expect((await trpcError(res)).data).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers headers over MAX_HEADER_BYTES with a JSON 431 carrying a request id', async () => {
    const res = await rawRequest(t, [
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(8192)}\r\n\r\n`,
    ]);
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(res.body) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('REQUEST_HEADER_FIELDS_TOO_LARGE');
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
  });

  it('answers a client that never finishes its headers with a JSON 408 (headersTimeout)', async () => {
    // The socket stays open after this partial head; the server must close it on its own.
    const res = await rawRequest(t, ['GET /healthz HTTP/1.1\r\nHost: x\r\n']);
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'TIMEOUT' } });
  });

  it('answers a client that never finishes its body with a JSON 408 (requestTimeout)', async () => {
    // Headers arrive at once; the declared body never does (the endpoint waits to read it all).
    const res = await rawRequest(t, [
      'POST /dev/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"userId":',
    ]);
    expect(res.status).toBe(408);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'TIMEOUT' } });
  });

  it('answers an unparsable request with a JSON 400', async () => {
    const res = await rawRequest(t, ['NOT-HTTP\r\n\r\n']);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });
});
