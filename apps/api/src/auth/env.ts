import {
  clerkEndpointsFromPublishableKey,
  DEFAULT_CLOCK_SKEW_MS,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  DEFAULT_TOKEN_CACHE_SIZE,
  type KeySource,
  publicKeyPemFromPem,
} from '@gatehouse/auth/server';
import { z } from 'zod';

/**
 * Environment of authentication. Spread into `envSchema` (src/env.ts); `.env.example` documents each.
 * An empty value counts as unset (`loadEnv`), so `CLERK_JWT_KEY=` in a .env file means "not configured".
 */

const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** https, or http to a loopback host (tests, a local JWKS): keys fetched in clear could be swapped. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const jwksUrl = z.url({ protocol: /^https?$/ }).refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || LOOPBACK.has(url.hostname);
}, 'CLERK_JWKS_URL must be https:// (plain http only to localhost)');

const pemKey = z.string().transform((pem, ctx) => {
  try {
    return publicKeyPemFromPem(pem);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `CLERK_JWT_KEY: ${(error as Error).message}; paste the PEM public key from the Clerk dashboard (API keys → JWT public key)`,
    });
    return z.NEVER;
  }
});

export const authEnv = {
  /** Default: `clerk` when a Clerk key variable is set, else `local`. */
  AUTH_MODE: z.enum(['clerk', 'local'], { error: 'AUTH_MODE must be clerk or local' }).optional(),
  CLERK_JWT_KEY: pemKey.optional(),
  CLERK_JWKS_URL: jwksUrl.optional(),
  CLERK_PUBLISHABLE_KEY: z
    .string()
    .trim()
    .refine(
      (key) => clerkEndpointsFromPublishableKey(key) !== null,
      'CLERK_PUBLISHABLE_KEY must be a pk_test_… or pk_live_… key',
    )
    .optional(),
  CLERK_ISSUER: z
    .url({
      protocol: /^https?$/,
      error: 'CLERK_ISSUER must be the Frontend API URL, e.g. https://clerk.example.com',
    })
    .optional(),
  CLERK_AUTHORIZED_PARTIES: list
    .pipe(z.array(z.url()).min(1, 'CLERK_AUTHORIZED_PARTIES: list at least one origin'))
    .optional(),
  CLERK_AUDIENCE: list
    .pipe(z.array(z.string()).min(1, 'CLERK_AUDIENCE: list at least one audience'))
    .optional(),
  /** Authenticates calls to Clerk's Backend API: verifying API keys and opaque OAuth tokens. */
  CLERK_SECRET_KEY: z
    .string()
    .trim()
    .regex(/^sk_(test|live)_\S+$/, 'CLERK_SECRET_KEY must be a sk_test_… or sk_live_… key')
    .optional(),
  AUTH_TOKEN_CACHE_SIZE: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_TOKEN_CACHE_SIZE),
  AUTH_CLOCK_SKEW_MS: z.coerce.number().int().min(0).max(60_000).default(DEFAULT_CLOCK_SKEW_MS),
  AUTH_MAX_TOKEN_LIFETIME_S: z.coerce
    .number()
    .int()
    .min(60)
    .max(86_400)
    .default(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS),
};

const authEnvSchema = z.object(authEnv);
export type AuthEnv = z.infer<typeof authEnvSchema> & {
  NODE_ENV: 'development' | 'test' | 'production';
  CORS_ORIGINS: string[];
};

const CLERK_KEY_VARIABLES = [
  'CLERK_JWT_KEY',
  'CLERK_JWKS_URL',
  'CLERK_PUBLISHABLE_KEY',
  'CLERK_SECRET_KEY',
  'CLERK_MACHINE_SECRET_KEY',
] as const;

export function authModeOf(
  env: AuthEnv & { CLERK_MACHINE_SECRET_KEY?: string | undefined },
): 'clerk' | 'local' {
  return env.AUTH_MODE ?? (CLERK_KEY_VARIABLES.some((name) => env[name] !== undefined) ? 'clerk' : 'local');
}

export type ClerkSettings = { keySource: KeySource; issuer: string } | { problems: string[] };

/** Where Clerk mode gets its key and issuer. Precedence: CLERK_JWT_KEY, CLERK_JWKS_URL, the publishable key. */
export function clerkSettingsOf(env: AuthEnv): ClerkSettings {
  const derived = env.CLERK_PUBLISHABLE_KEY
    ? clerkEndpointsFromPublishableKey(env.CLERK_PUBLISHABLE_KEY)
    : null;
  const problems: string[] = [];
  let keySource: KeySource | undefined;
  if (env.CLERK_JWT_KEY) keySource = { kind: 'pem', pem: env.CLERK_JWT_KEY };
  else if (env.CLERK_JWKS_URL) keySource = { kind: 'jwks', url: env.CLERK_JWKS_URL };
  else if (derived) keySource = { kind: 'jwks', url: derived.jwksUrl };
  else
    problems.push(
      '  AUTH_MODE=clerk needs CLERK_JWT_KEY (recommended), CLERK_JWKS_URL or CLERK_PUBLISHABLE_KEY',
    );
  const issuer = env.CLERK_ISSUER ?? derived?.issuer;
  if (!issuer) {
    problems.push(
      '  CLERK_ISSUER: required unless CLERK_PUBLISHABLE_KEY is set (your Frontend API URL, the tokens’ iss)',
    );
  }
  return keySource && issuer && problems.length === 0 ? { keySource, issuer } : { problems };
}

/** Cross-field rules, reported with the other environment errors at start-up. */
export function authEnvProblems(env: AuthEnv): string[] {
  if (authModeOf(env) === 'local') {
    if (env.NODE_ENV !== 'production') return [];
    return [
      env.AUTH_MODE === 'local'
        ? '  AUTH_MODE: local mints tokens for anyone and is refused with NODE_ENV=production'
        : '  AUTH_MODE: NODE_ENV=production needs Clerk: set CLERK_JWT_KEY (and CLERK_ISSUER) or CLERK_PUBLISHABLE_KEY',
    ];
  }
  const settings = clerkSettingsOf(env);
  return 'problems' in settings ? settings.problems : [];
}
