export interface WebConfig {
  apiUrl: string;
  clerkPublishableKey: string | null;
  tokenTemplate: string | undefined;
}

export const DEFAULT_API_URL = 'http://localhost:4000';

/**
 * The SPA's configuration. `vite.config.ts` validates every `VITE_*` value with `config-schema.ts` when
 * the dev server or a build starts (a bad value stops it with a readable message), so the browser only
 * applies defaults and ships no validator (zod would add ~10 KB gzip to every page load).
 */
export function loadConfig(env: Record<string, unknown> = import.meta.env): WebConfig {
  const value = (name: string) => {
    const raw = env[name];
    return typeof raw === 'string' && raw !== '' ? raw : undefined;
  };
  return {
    apiUrl: (value('VITE_API_URL') ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    clerkPublishableKey: value('VITE_CLERK_PUBLISHABLE_KEY') ?? null,
    tokenTemplate: value('VITE_CLERK_TOKEN_TEMPLATE'),
  };
}
