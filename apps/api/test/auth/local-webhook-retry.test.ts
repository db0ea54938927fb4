import { randomBytes } from 'node:crypto';
import { deliverDirectoryEvents, LocalDirectory, signUp } from '@gatehouse/auth/server';
import { users } from '@gatehouse/db';
import { eq } from 'drizzle-orm';
import { afterEach, expect, it } from 'vitest';
import { freePort } from '../support/built-api';
import { RATE_LIMITS_OFF, startTestServer, type TestServer } from '../support/test-server';

/**
 * The local issuer's webhook sender against an API that is down: the delivery fails, is retried with
 * backoff, and is applied exactly once when the API is back on its port.
 */
let api: TestServer | undefined;
let stopSender: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopSender?.();
  await api?.stop();
});

it('retries a delivery that failed while the API was down, and it is applied once the API is back', async () => {
  const port = await freePort();
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const directory = new LocalDirectory();
  const failures: Record<string, unknown>[] = [];
  let failedOnce: () => void = () => {};
  const firstFailure = new Promise<void>((resolve) => {
    failedOnce = resolve;
  });
  const deliveries = await deliverDirectoryEvents(directory, {
    url: `http://127.0.0.1:${port}/webhooks/clerk`,
    secret,
    // Short, growing delays: the retries keep coming while the API starts (seconds on a busy machine).
    retryDelaysMs: [100, 200, 400, 800, 1_600, ...Array(30).fill(2_000)],
    log: {
      warn: (fields) => {
        failures.push(fields);
        failedOnce();
      },
      error: (fields) => failures.push(fields),
    },
  });
  stopSender = deliveries.stop;

  const erin = await signUp(directory, { firstName: 'Erin', lastName: null, email: 'erin@example.test' });
  await firstFailure;
  const [event] = await directory.events();
  expect(failures[0]).toMatchObject({ svixId: event!.id, type: 'user.created', attempt: 1 });

  api = await startTestServer({
    env: { ...RATE_LIMITS_OFF, PORT: String(port), CLERK_WEBHOOK_SIGNING_SECRET: secret },
  });
  await deliveries.idle();

  const lines = api.logs.filter((line) => line.msg === 'clerk webhook' && line.svixId === event!.id);
  expect(lines.map((line) => line.status)).toEqual(['applied']);
  const [row] = await api.api.database.privileged.select().from(users).where(eq(users.id, erin.id));
  expect(row).toMatchObject({ email: 'erin@example.test', firstName: 'Erin', deletedAt: null });
  expect(failures.every((failure) => failure.svixId === event!.id)).toBe(true);
});
