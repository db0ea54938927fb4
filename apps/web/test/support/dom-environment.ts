import { builtinEnvironments, type Environment } from 'vitest/runtime';

/**
 * happy-dom, with modules transformed as for the server: the in-process API (database migrations,
 * PGlite) runs in the same realm as the page, and Vite's browser transform would rewrite its
 * `new URL(…, import.meta.url)` file lookups into asset URLs.
 */
export default {
  ...builtinEnvironments['happy-dom'],
  name: 'happy-dom-with-server-modules',
  viteEnvironment: 'ssr',
} satisfies Environment;
