import {
  CLERK_API_URL,
  DEFAULT_BACKEND_API_MAX_OUTSTANDING,
  DEFAULT_BACKEND_API_TIMEOUT_MS,
  DEFAULT_MACHINE_CACHE_TTL_MS,
  type MachineConfig,
} from '@gatehouse/auth/server';
import { z } from 'zod';

/**
 * Environment of machine callers (API keys, M2M and OAuth tokens). Spread into `envSchema`
 * (src/env.ts); `.env.example` and docs/machine-callers.md describe each. Empty counts as unset.
 */
const unsetIfEmpty = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional());

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
/** https, or http to a loopback host (a stand-in): our secret key travels with every call. */
const apiUrl = z.url({ protocol: /^https?$/ }).refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || LOOPBACK.has(url.hostname);
}, 'CLERK_API_URL must be https:// (plain http only to localhost)');

export const machineEnv = {
  /** Unset: https://api.clerk.com in Clerk mode; the API's own stand-in in local mode. */
  CLERK_API_URL: optional(apiUrl),
  CLERK_MACHINE_SECRET_KEY: optional(
    z
      .string()
      .trim()
      .regex(/^ak_\S+$/, 'CLERK_MACHINE_SECRET_KEY must be the ak_… key of a Clerk machine'),
  ),
  CLERK_OAUTH_AUDIENCE: optional(
    z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string()).min(1, 'CLERK_OAUTH_AUDIENCE: list at least one audience')),
  ),
  AUTH_MACHINE_CACHE_TTL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(300_000)
    .default(DEFAULT_MACHINE_CACHE_TTL_MS),
  AUTH_BACKEND_API_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(30_000)
    .default(DEFAULT_BACKEND_API_TIMEOUT_MS),
  AUTH_BACKEND_API_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_000)
    .default(DEFAULT_BACKEND_API_MAX_OUTSTANDING),
};

const machineEnvSchema = z.object(machineEnv);
export type MachineEnv = z.infer<typeof machineEnvSchema> & { CLERK_SECRET_KEY?: string | undefined };

/**
 * The authenticator's machine configuration. `local` (local mode): the local issuer's stand-in of
 * Clerk's Backend API with its secret key, at a URL known once the API listens — unless CLERK_API_URL
 * names another one, which then gets the configured keys.
 */
export function machineConfigOf(
  env: MachineEnv,
  local: { secretKey: string; url: () => string | undefined } | null,
): MachineConfig {
  const standIn = local && !env.CLERK_API_URL ? local : null;
  return {
    apiUrl: standIn ? standIn.url : (env.CLERK_API_URL ?? CLERK_API_URL),
    secretKey: standIn ? standIn.secretKey : env.CLERK_SECRET_KEY,
    machineSecretKey: standIn ? undefined : env.CLERK_MACHINE_SECRET_KEY,
    oauthAudience: env.CLERK_OAUTH_AUDIENCE ?? null,
    timeoutMs: env.AUTH_BACKEND_API_TIMEOUT_MS,
    maxOutstanding: env.AUTH_BACKEND_API_CONCURRENCY,
    cacheTtlMs: env.AUTH_MACHINE_CACHE_TTL_MS,
  };
}
