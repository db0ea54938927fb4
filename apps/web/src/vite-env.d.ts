/// <reference types="vite/client" />
// Validated by src/config-schema.ts when vite.config.ts loads (dev server start and build).
interface ImportMetaEnv {
  readonly VITE_API_URL?: string;
  readonly VITE_CLERK_PUBLISHABLE_KEY?: string;
  readonly VITE_CLERK_TOKEN_TEMPLATE?: string;
}
