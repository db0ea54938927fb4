import { once } from 'node:events';
import type { Server } from 'node:http';
import express, { type RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { afterAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../src/http/security-headers';

/** The API's own options (app.ts), and helmet's defaults: precomputed headers must equal helmet's. */
const API_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
};

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

async function headersFrom(middleware: RequestHandler): Promise<Record<string, string>> {
  const app = express().use(middleware);
  app.get('/', (_req, res) => {
    res.json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await once(server, 'listening');
  const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  await res.arrayBuffer();
  const headers = Object.fromEntries(res.headers);
  // What differs between any two responses, helmet or not.
  for (const varying of ['date', 'etag', 'content-length', 'keep-alive', 'connection'])
    delete headers[varying];
  return headers;
}

describe('securityHeaders', () => {
  it.each([
    ['the API options', API_OPTIONS],
    ["helmet's defaults", {}],
  ])('sets exactly the headers helmet sets, with %s', async (_label, options) => {
    const fromHelmet = await headersFrom(helmet(options));
    expect(await headersFrom(securityHeaders(options))).toEqual(fromHelmet);
    expect(fromHelmet['content-security-policy']).toBeTruthy();
    expect(fromHelmet['x-powered-by']).toBeUndefined();
  });

  it('the API options: no resource may load, no page may frame a response', async () => {
    const headers = await headersFrom(securityHeaders(API_OPTIONS));
    expect(headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+; includeSubDomains$/);
  });

  it('refuses a per-request directive (a nonce), which cannot be worked out once', () => {
    expect(() =>
      securityHeaders({
        contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => "'nonce-abc'"] } },
      }),
    ).toThrow(/per-request CSP directive/);
  });
});
