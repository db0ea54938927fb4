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

/**
 * The exceptions, by exact entry: modules of server packages written to import nothing, so the SPA
 * shares their values instead of copying them. Whatever they might import later is checked as usual.
 */
export const BROWSER_SAFE: ReadonlySet<string> = new Set(['@gatehouse/db/limits']);

/** Allowed as `import type` only from our own source (tRPC's client legitimately shares core code). */
export const TYPES_ONLY = [/^@gatehouse\/api-contract(\/|$)/, /^@trpc\/server$/];

/** Why `source` may not be imported by `importer` into the browser bundle, or null when it may. */
export function refusal(source: string, importer: string | undefined): string | null {
  if (BROWSER_SAFE.has(source)) return null;
  const ours = importer !== undefined && !importer.includes('/node_modules/');
  if (SERVER_ONLY.some((p) => p.test(source)) || (ours && TYPES_ONLY.some((p) => p.test(source)))) {
    return `Server-only module "${source}" imported into the web bundle by ${importer ?? 'entry'}`;
  }
  return null;
}

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
      const reason = refusal(source, importer);
      if (reason) this.error(reason);
      return null;
    },
  };
}
