/**
 * The SPA's build-time configuration (Vite inlines `VITE_*`), validated by `vite.config.ts` so a bad
 * value stops the build or the dev server with a readable message. Not imported by the app itself.
 */
import * as z from 'zod/mini';
import { DEFAULT_API_URL } from './config.ts';

export const webEnvSchema = z.object({
  /** Where the API lives (tRPC at `/trpc`, the local issuer at `/dev/auth`). */
  VITE_API_URL: z._default(
    z.url({ protocol: /^https?$/, error: 'must be the API’s http(s) URL, e.g. http://localhost:4000' }),
    DEFAULT_API_URL,
  ),
  /** Set: Clerk mode (Clerk's components and clerk-js). Unset: local mode against `/dev/auth`. */
  VITE_CLERK_PUBLISHABLE_KEY: z.optional(
    z.string().check(z.regex(/^pk_(test|live)_[A-Za-z0-9+/=_-]+$/, 'must look like pk_test_… or pk_live_…')),
  ),
  /** Clerk JWT template to request instead of the session token (e.g. one that adds `aud`). */
  VITE_CLERK_TOKEN_TEMPLATE: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a Clerk JWT template name')),
  ),
});

export type WebEnv = z.infer<typeof webEnvSchema>;

/** Empty strings mean "unset" (a blank line in a .env file). Throws one readable message on failure. */
export function parseWebEnv(source: Record<string, unknown>): WebEnv {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const parsed = webEnvSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid SPA configuration:\n${lines.join('\n')}`);
}
