import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultMachineConfig, type MachineConfig } from '../config';
import { handleBackendApiRequest } from '../local-backend/backend-api-handler';
import { MachineStore } from '../local-backend/machine-store';

/** `answer`: as Clerk would. `fail`: 500 to everything. `hang`: accept, read, never answer. */
export type StandInBehaviour = 'answer' | 'fail' | 'hang';

export interface BackendApiStandIn {
  /** `http://127.0.0.1:<port>`: the `CLERK_API_URL` of an API that should ask this stand-in. */
  readonly url: string;
  readonly secretKey: string;
  readonly machineSecretKey: string;
  /** Its credentials: `store.create('api_key', { subject, scopes })` hands out a key to verify. */
  readonly store: MachineStore;
  /** Requests received so far, whatever became of them. */
  readonly calls: number;
  behave(behaviour: StandInBehaviour): void;
  /** An authenticator's machine configuration asking this stand-in (`overrides` win). */
  machineConfig(overrides?: Partial<MachineConfig>): MachineConfig;
  /** The API's environment for it (CLERK_API_URL, CLERK_SECRET_KEY, CLERK_MACHINE_SECRET_KEY). */
  readonly apiEnv: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

/**
 * A loopback stand-in of Clerk's Backend API for tests (Clerk's servers are out of reach here): the
 * same verify endpoints local mode serves, in memory, with a secret key of its own, a call counter, and
 * switches for the outages the API must survive. Answers `Content-Type: application/json` exactly, as
 * the SDK's client only parses JSON with that header.
 */
export async function startBackendApiStandIn(): Promise<BackendApiStandIn> {
  const secretKey = `sk_test_${randomBytes(18).toString('base64url')}`;
  const machineSecretKey = `ak_machine_${randomBytes(18).toString('base64url')}`;
  const store = new MachineStore();
  let behaviour: StandInBehaviour = 'answer';
  let calls = 0;

  const server = createServer(async (req, res) => {
    calls += 1;
    const body = await jsonBody(req);
    if (behaviour === 'hang') return;
    const answer =
      behaviour === 'fail'
        ? { status: 500, body: { errors: [{ code: 'internal_error', message: 'down' }] } }
        : await handleBackendApiRequest(
            store,
            { secretKey, machineSecretKey },
            {
              method: req.method ?? 'GET',
              path: new URL(req.url ?? '/', 'http://stand-in').pathname,
              authorization: req.headers.authorization,
              body,
            },
          );
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    secretKey,
    machineSecretKey,
    store,
    get calls() {
      return calls;
    },
    behave(next) {
      behaviour = next;
    },
    machineConfig: (overrides = {}) =>
      defaultMachineConfig({ apiUrl: url, secretKey, machineSecretKey, ...overrides }),
    apiEnv: { CLERK_API_URL: url, CLERK_SECRET_KEY: secretKey, CLERK_MACHINE_SECRET_KEY: machineSecretKey },
    async close() {
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    },
  };
}
