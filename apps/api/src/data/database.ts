import { PERSONAS } from '@gatehouse/auth';
import {
  type DatabaseHandle,
  describeTarget,
  migrateDatabase,
  openDatabase,
  resolveTarget,
  seedPeople,
} from '@gatehouse/db';
import type { Logger } from 'pino';
import { authModeOf } from '../auth/env';
import type { Env } from '../env';

/** Local auth mode gets the personas seeded, so `profile` and the SPA have real rows without Clerk. */
export function seedsPersonas(env: Env): boolean {
  return authModeOf(env) === 'local';
}

/**
 * The process's one database: opened from env, migrated (replicas queue on a lock), seeded in local
 * mode. Start-up fails if any step fails: serving requests against an unmigrated schema is worse.
 */
export async function openAppDatabase(env: Env, logger: Logger): Promise<DatabaseHandle> {
  const target = resolveTarget(env);
  const handle = await openDatabase(target, {
    onPoolError: (err) => logger.error({ err }, 'idle database connection failed'),
  });
  try {
    await migrateDatabase(handle);
    if (seedsPersonas(env)) await seedPeople(handle.privileged, PERSONAS);
  } catch (error) {
    await handle.close();
    throw error;
  }
  logger.info({ database: describeTarget(target) }, 'database ready');
  return handle;
}
