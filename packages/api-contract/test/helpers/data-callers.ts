/**
 * Callers for the data tests: one migrated database per driver per file (PGlite boots in seconds),
 * emptied between tests, and persona callers whose auth objects are built by the verifier's own
 * `authObjectFromClaims` from the claims the local issuer mints.
 */
import { type SignedInAuth, signedOutAuth } from '@gatehouse/auth';
import { authObjectFromClaims, personaSessionClaims } from '@gatehouse/auth/server';
import type { Database } from '@gatehouse/db/schema';
import { type TestDriver, truncateAll } from '@gatehouse/db/testing';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { appRouter, createCallerFactory, createInnerContext } from '../../src';

const createCaller = createCallerFactory(appRouter);

/** Registers the hooks; call `db()` inside tests. */
export function useTestDatabase(driver: TestDriver): () => Database {
  let dispose: (() => Promise<void>) | undefined;
  let db: Database | undefined;
  beforeAll(async () => {
    const opened = await driver.open();
    dispose = opened.dispose;
    db = opened.handle.db;
  }, 60_000);
  afterAll(() => dispose?.());
  beforeEach(() => truncateAll(db!));
  return () => db!;
}

export interface CallerOptions {
  /** The active organization in the token; by default none. */
  org?: string;
  /** Replaces the `metadata` custom claim (the persona's publicMetadata); `null` removes it. */
  metadata?: Record<string, unknown> | null;
}

/** The auth object a verified local-issuer token of this persona carries (real claims, Clerk's `has()`). */
export function personaAuth(userId: string, options: CallerOptions = {}): SignedInAuth {
  const claims = personaSessionClaims({
    userId,
    orgId: options.org ?? null,
    sessionId: `sess_test_${userId}`,
    authorizedParty: 'http://localhost:5173',
  });
  if (options.metadata === null) delete claims.metadata;
  else if (options.metadata !== undefined) claims.metadata = options.metadata;
  return authObjectFromClaims(claims);
}

export function callerFor(db: Database, userId: string, options: CallerOptions = {}) {
  return createCaller(createInnerContext({ auth: personaAuth(userId, options), requestId: 'test', db }));
}

export function anonymousCaller(db: Database) {
  return createCaller(createInnerContext({ auth: signedOutAuth(), requestId: 'test', db }));
}

/** A well-formed id that names no row. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
