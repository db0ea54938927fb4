import type { Plugin } from 'vite';

/** Never in a browser bundle, whoever imports it. */
export const SERVER_ONLY = [
  /^node:/,
  /^express(\/|$)/,
  /^pg(\/|$)/,
  /^drizzle-orm(\/|$)/,
  /^@electric-sql\/pglite(\/|$)/,
  /^@clerk\/backend(\/|$)/,
  /^@clerk\/express(\/|$)/,
  /^@trpc\/server\/adapters(\/|$)/,
  /^ioredis(\/|$)/,
  /^pino(\/|$)/,
  /^@gatehouse\/(api|db)(\/|$)/,
  /^@gatehouse\/auth\/server(\/|$)/,
];

/** Allowed as `import type` only from our own source (tRPC's client legitimately shares core code). */
export const TYPES_ONLY = [/^@gatehouse\/api-contract(\/|$)/, /^@trpc\/server$/];

/**
 * The SPA imports `@gatehouse/api-contract` for types only. If a value import ever drags server code
 * into the browser graph, fail the build and name the importer, instead of shipping it.
 */
export function forbidServerCode(): Plugin {
  return {
    name: 'gatehouse:forbid-server-code',
    enforce: 'pre',
    apply: 'build',
    resolveId(source, importer) {
      const ours = importer !== undefined && !importer.includes('/node_modules/');
      if (SERVER_ONLY.some((p) => p.test(source)) || (ours && TYPES_ONLY.some((p) => p.test(source)))) {
        this.error(`Server-only module "${source}" imported into the web bundle by ${importer ?? 'entry'}`);
      }
      return null;
    },
  };
}
