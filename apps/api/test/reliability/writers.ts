/** A client of the fault tests: one task per action, retried with its idempotency key until acknowledged. */
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { dataOf, mutation } from '../support/http';

export interface Acknowledged {
  key: string;
  title: string;
  id: string;
}

export interface Tally {
  /** Responses by HTTP status (0: no answer at all). */
  statuses: Map<number, number>;
  acknowledged: Acknowledged[];
  attempts: number;
}

/** Between retries of one action: what a client does on 503 (Retry-After is seconds; tests cannot wait that long). */
const RETRY_DELAY_MS = 100;
const MAX_ATTEMPTS = 600;

/**
 * Creates the task `title` (default: the key) through tRPC with `key`, retrying on 503 and on no
 * answer. Returns the acknowledged task, or null when the API answered anything else.
 */
export async function createTaskOnce(
  url: string,
  token: () => Promise<string>,
  key: string,
  tally: Tally,
  title = `task ${key}`,
): Promise<Acknowledged | null> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    tally.attempts += 1;
    const response = await mutation(
      { url },
      'tasks.create',
      { title },
      {
        token: await token(),
        headers: { 'idempotency-key': key },
      },
    ).catch(() => null);
    const status = response?.status ?? 0;
    tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
    if (status === 200) {
      const acknowledged = { key, title, id: dataOf(response!).id as string };
      if (!tally.acknowledged.some((known) => known.key === key)) tally.acknowledged.push(acknowledged);
      return acknowledged;
    }
    if (status !== 503 && status !== 0) return null;
    await delay(RETRY_DELAY_MS);
  }
  throw new Error(`No acknowledgement for ${key} after ${MAX_ATTEMPTS} attempts`);
}

/**
 * Resolves once `check` holds, asking again every 50 ms (a condition, never a fixed wait); rejects
 * naming `what` after `timeoutMs`, a safety net that says which step never came.
 */
export async function untilTrue(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Never happened: ${what}`);
    await delay(50);
  }
}

/** How many tasks of each title the Postgres database at `url` stores. */
export async function storedCopies(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ title: string; copies: number }>(
      'select title, count(*)::int as copies from tasks group by title',
    );
    return new Map(rows.map((row) => [row.title, row.copies]));
  } finally {
    await client.end();
  }
}
