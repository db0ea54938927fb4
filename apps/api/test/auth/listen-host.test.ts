import { mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenHostOf, localModeNotice } from '../../src/auth/listen-host';
import { loadEnv } from '../../src/env';
import { buildApi, type ServerProcess, startBuiltApi } from '../support/built-api';

/** Local mode signs up anyone and mints tokens for anyone: it stays on the machine unless told otherwise. */
const CLERK = { CLERK_PUBLISHABLE_KEY: 'pk_test_Y2xlcmsuZXhhbXBsZS5jb20k' };

describe('where the API listens', () => {
  it('loopback in local mode, every interface in Clerk mode, HOST when set', () => {
    expect(listenHostOf(loadEnv({}))).toBe('127.0.0.1');
    expect(listenHostOf(loadEnv({ HOST: '0.0.0.0' }))).toBe('0.0.0.0');
    expect(listenHostOf(loadEnv(CLERK))).toBe('0.0.0.0');
    expect(listenHostOf(loadEnv({ ...CLERK, HOST: '10.0.0.5' }))).toBe('10.0.0.5');
  });

  it('says in one line what local mode is and who can reach it; nothing in Clerk mode', () => {
    expect(localModeNotice(loadEnv({}))).toMatch(/^Local auth mode: .*loopback only \(set HOST/);
    expect(localModeNotice(loadEnv({ HOST: '0.0.0.0' }))).toMatch(
      /listening on 0\.0\.0\.0 because HOST is set/,
    );
    expect(localModeNotice(loadEnv(CLERK))).toBeNull();
  });
});

describe('the built API in local mode', () => {
  let api: ServerProcess;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-listen-'));
    api = await startBuiltApi({
      entry: await buildApi('listen-host'),
      env: { NODE_ENV: 'development', AUTH_MODE: 'local', DATA_DIR: dataDir, DATABASE_URL: 'memory://' },
    });
  });
  afterAll(async () => {
    await api?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('logs the local-mode line once at start-up and answers on loopback', async () => {
    const notices = api.logs.filter((line) => String(line.msg).startsWith('Local auth mode:'));
    expect(notices).toHaveLength(1);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
  });

  it('refuses connections on this machine’s other addresses', async () => {
    const port = new URL(api.url).port;
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address && address.family === 'IPv4' && !address.internal);
    for (const address of others) {
      await expect(fetch(`http://${address!.address}:${port}/healthz`)).rejects.toThrow();
    }
  });
});
