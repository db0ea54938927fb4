import { z } from 'zod';
import { authEnv, authEnvProblems } from './auth/env';
import { machineEnv } from './auth/machine-env';
import { dataEnv } from './data/env';
import { hardeningEnv, hardeningEnvProblems } from './http/env';
import { liveEnv } from './live/env';
import { metricsEnv } from './observability/env';

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** `scheme://host[:port]` and nothing else: what a browser sends as `Origin`, compared as a string. */
function isOrigin(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) && new URL(value).origin === value;
}

/** Every variable the API reads, validated once at start-up. `.env.example` documents each. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Interface to listen on. Unset: 0.0.0.0 in Clerk mode, 127.0.0.1 in local mode (auth/listen-host.ts). */
  HOST: z.string().trim().min(1).optional(),
  CORS_ORIGINS: commaList
    .pipe(
      z
        .array(z.string().refine(isOrigin, 'each entry must be an origin such as http://localhost:5173'))
        .min(1, 'list at least one origin'),
    )
    .default(['http://localhost:5173']),
  ...hardeningEnv,
  ...dataEnv,
  ...authEnv,
  ...machineEnv,
  ...liveEnv,
  ...metricsEnv,
});

export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty (or blank) value counts as unset, for every variable: `RATE_LIMIT_MAX=` left in a .env file
  // must mean the default, not a number coerced from "" (0, which for some limits means off).
  const set = Object.fromEntries(Object.entries(source).filter(([, value]) => value?.trim() !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const problems = [...hardeningEnvProblems(parsed.data), ...authEnvProblems(parsed.data)];
  if (problems.length > 0) throw new Error(`Invalid environment:\n${problems.join('\n')}`);
  return parsed.data;
}
