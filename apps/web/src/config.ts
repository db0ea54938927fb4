import { parseWebEnv, type WebEnv } from './config-schema';

export interface WebConfig {
  apiUrl: string;
  clerkPublishableKey: string | null;
  tokenTemplate: string | undefined;
}

function toConfig(env: WebEnv): WebConfig {
  return {
    apiUrl: env.VITE_API_URL.replace(/\/+$/, ''),
    clerkPublishableKey: env.VITE_CLERK_PUBLISHABLE_KEY ?? null,
    tokenTemplate: env.VITE_CLERK_TOKEN_TEMPLATE,
  };
}

/** Parsed once at start-up; `main.tsx` shows the error instead of the app when it throws. */
export function loadConfig(env: Record<string, unknown> = import.meta.env): WebConfig {
  return toConfig(parseWebEnv(env));
}
