import {
  type DatabaseHandle,
  describeTarget,
  migrateDatabase,
  openDatabase,
  resolveTarget,
} from '@gatehouse/db';
import type { Logger } from 'pino';
import type { Env } from '../env';

/**
 * The process's one database: opened from env and migrated (replicas queue on a lock). People arrive
 * only through Clerk webhooks, in local mode too (the local issuer sends them). Start-up fails if any
 * step fails: serving requests against an unmigrated schema is worse.
 */
export async function openAppDatabase(env: Env, logger: Logger): Promise<DatabaseHandle> {
  const target = resolveTarget(env);
  const handle = await openDatabase(target, {
    onPoolError: (err) => logger.error({ err }, 'idle database connection failed'),
  });
  try {
    await migrateDatabase(handle);
  } catch (error) {
    await handle.close();
    throw error;
  }
  logger.info({ database: describeTarget(target) }, 'database ready');
  return handle;
}
