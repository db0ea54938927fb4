import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestTarget } from '@gatehouse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainable } from '../../src/http/graceful-shutdown';
import { buildApi, type ServerProcess, startBuiltApi } from '../support/built-api';
import { DEFAULT_TEST_DRIVER, START_TIMEOUT_MS, startTestServer } from '../support/test-server';

/** Resolves with everything received until `text` has arrived, or rejects if the socket closes first. */
function readUntil(socket: ReturnType<typeof connect>, text: string, sofar = { data: '' }): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!sofar.data.includes(text)) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(sofar.data);
    };
    const onData = (chunk: Buffer) => {
      sofar.data += chunk.toString('utf8');
      check();
    };
    const onClose = () => reject(new Error(`socket closed before ${JSON.stringify(text)}: ${sofar.data}`));
    socket.on('data', onData);
    socket.once('close', onClose);
    check();
  });
}

describe('graceful shutdown of the built API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-shutdown-'));
  let api: ServerProcess;
  let database: TestTarget;
  beforeAll(async () => {
    const [entry, created] = await Promise.all([buildApi('shutdown'), DEFAULT_TEST_DRIVER.createTarget()]);
    database = created;
    // Local auth mode (the default outside production): POST /dev/auth/token reads a JSON body.
    api = await startBuiltApi({
      entry,
      env: { NODE_ENV: 'development', DATABASE_URL: database.url, DATA_DIR: dataDir },
    });
  }, 120_000);
  afterAll(async () => {
    api?.child.kill('SIGKILL');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM finishes the request in flight, refuses new connections, exits 0', async () => {
    const body = JSON.stringify({ userId: 'user_alice' });
    const { port } = new URL(api.url);
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    const received = { data: '' };
    // `Expect: 100-continue`: Node answers "100 Continue" once the app has the request, so the
    // test knows the request is in flight before it sends the signal.
    socket.write(
      [
        'POST /dev/auth/token HTTP/1.1',
        'Host: 127.0.0.1',
        'Content-Type: application/json',
        `Content-Length: ${body.length}`,
        'Expect: 100-continue',
        '',
        '',
      ].join('\r\n'),
    );
    await readUntil(socket, '100 Continue', received);

    api.child.kill('SIGTERM');
    await api.waitForLog((line) => line.msg === 'shutting down');
    await expect(fetch(`${api.url}/healthz`)).rejects.toThrow(); // the listener is closed

    socket.write(body);
    const response = await readUntil(socket, '"token"', received);
    expect(response).toMatch(/HTTP\/1\.1 200 OK/);
    expect(response.toLowerCase()).toContain('connection: close');

    expect(await api.exited).toEqual({ code: 0, signal: null });
    expect(api.logs.find((line) => line.msg === 'stopped')).toMatchObject({ drained: true });
    socket.destroy();
  });

  it(
    'cuts what is still in flight after SHUTDOWN_TIMEOUT_MS and reports it',
    async () => {
      const t = await startTestServer({ env: { SHUTDOWN_TIMEOUT_MS: '200' } });
      const { port } = new URL(t.url);
      const socket = connect({ host: '127.0.0.1', port: Number(port) });
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.write(
        'POST /dev/auth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n',
      );
      await readUntil(socket, '100 Continue');
      // The body never comes: the request cannot finish on its own.
      expect(await t.stop()).toEqual({ drained: false });
      await closed;
    },
    START_TIMEOUT_MS,
  );
});

describe('draining a bare HTTP server', () => {
  it('closes event streams at once (clients reconnect elsewhere) and still reports a clean drain', async () => {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/event-stream'); // as tRPC's adapter does
      res.write('data: first\n\n'); // and never ends, like a subscription
    });
    const drainer = drainable(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const stream = await fetch(`http://127.0.0.1:${port}/events`);
    const reader = stream.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: first\n\n');

    // A timeout far longer than the test: only closing the stream lets the drain finish.
    expect(await drainer.drain(600_000)).toBe(true);
    await expect(reader.read()).rejects.toThrow(); // the stream was cut, not completed
  });
});
