import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClerkTestInstance } from '@gatehouse/auth/testing';
import type { TestTarget } from '@gatehouse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROOT, type ServerProcess, startBuiltApi, startOtlpStandIn } from '../support/built-api';
import { DEFAULT_TEST_DRIVER } from '../support/test-server';

const run = promisify(execFile);

// The deployable artifact, built by the same script the Dockerfile mirrors, outside the workspace so
// nothing can resolve from the repo's node_modules; started with plain `node`, as in production.
describe('deployable artifact', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'gatehouse-artifact-')), 'api');
  let api: ServerProcess;
  let database: TestTarget;
  let env: Record<string, string>;

  beforeAll(async () => {
    [, database] = await Promise.all([
      run('bash', ['scripts/artifact.sh', out], { cwd: API_ROOT }),
      DEFAULT_TEST_DRIVER.createTarget(),
    ]);
    // Production as configured in a real deployment (Postgres when the test has one, else PGlite).
    env = { NODE_ENV: 'production', DATABASE_URL: database.url, ...createClerkTestInstance().apiEnv };
    api = await startBuiltApi({ entry: join(out, 'dist/index.js'), env, cwd: out });
  }, 120_000);
  afterAll(async () => {
    api?.child.kill('SIGKILL');
    await api?.exited;
    await database?.drop();
    rmSync(join(out, '..'), { recursive: true, force: true });
  });

  it('holds the bundle and production dependencies only', () => {
    expect(readdirSync(out).sort()).toEqual(['dist', 'node_modules', 'package.json']);
    expect(existsSync(join(out, 'node_modules/@gatehouse'))).toBe(false); // bundled, not installed
    expect(existsSync(join(out, 'node_modules/vitest'))).toBe(false);
  });

  it('serves /healthz', async () => {
    const res = await fetch(`${api.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('runs in production mode: errors carry a request id and no stack', async () => {
    const res = await fetch(`${api.url}/trpc/no.such.procedure`);
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(JSON.parse(text).error.json.data.requestId).toBe(res.headers.get('x-request-id'));
    expect(text).not.toContain('stack');
  });

  it('exports spans with OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set, flushing them on SIGTERM', async () => {
    const collector = await startOtlpStandIn();
    const traced = await startBuiltApi({
      entry: join(out, 'dist/index.js'),
      env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url },
      cwd: out,
    });
    try {
      const traceId = '0af7651916cd43dd8448eb211c80319c';
      const res = await fetch(`${traced.url}/trpc/health`, {
        headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` },
      });
      expect(res.status).toBe(200);
      expect(await traced.stop()).toEqual({ code: 0, signal: null });
      const exported = Buffer.concat(collector.traceExports);
      expect(exported.includes(Buffer.from(traceId, 'hex'))).toBe(true);
      expect(exported.includes(Buffer.from('gatehouse-api'))).toBe(true);
      expect(exported.includes(Buffer.from('trpc health'))).toBe(true);
    } finally {
      traced.child.kill('SIGKILL');
      await collector.close();
    }
  });

  it('exits 0 on SIGTERM', async () => {
    expect(await api.stop()).toEqual({ code: 0, signal: null });
  });
});
