// Server entry of @gatehouse/db: drivers, migrations, seed and webhook sync. Routers import only
// `@gatehouse/db/schema` (node-free) so the SPA's type graph never reaches a driver.

export { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './availability';
export {
  type DatabaseHandle,
  type DatabaseTarget,
  describeTarget,
  IN_MEMORY,
  type OpenOptions,
  openDatabase,
  type PoolUsage,
} from './client';
export { migrateDatabase, migrationsFolder } from './migrate';
export * from './row-security';
export * from './schema';
export { type SeedPerson, seedPeople } from './seed';
export * from './sync';
export { isDatabaseUrl, resolveTarget, type TargetEnv } from './target';
