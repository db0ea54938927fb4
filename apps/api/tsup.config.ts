import { cpSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

type EsbuildPlugin = NonNullable<
  Parameters<typeof defineConfig>[0] extends infer C
    ? C extends { esbuildPlugins?: infer P }
      ? P
      : never
    : never
>[number];

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const runtimeDependencies = new Set(Object.keys(manifest.dependencies ?? {}));

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/**
 * The deployed artifact (`pnpm deploy --prod`) installs only this package's `dependencies`. A registry
 * package imported by bundled workspace code but not declared here would either be inlined (breaking
 * CommonJS packages such as `pg`) or be missing at run time; fail the build instead, naming it.
 */
const registryImportsMustBeDeclared: EsbuildPlugin = {
  name: 'registry-imports-must-be-declared',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point' || isBuiltin(args.path)) return undefined;
      const name = packageName(args.path);
      if (name.startsWith('@gatehouse/')) return undefined;
      if (runtimeDependencies.has(name)) return { path: args.path, external: true };
      return {
        errors: [
          {
            text: `"${name}" (imported by ${relative(process.cwd(), args.importer)}) must be in apps/api "dependencies" as "catalog:"`,
          },
        ],
      };
    });
  },
};

// Workspace packages ship TypeScript source (no build step for the editor); the API bundles them,
// and leaves registry dependencies external so `pnpm deploy` can install them for production.
export default defineConfig((cli) => ({
  entry: ['src/index.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  noExternal: [/^@gatehouse\//],
  esbuildPlugins: [registryImportsMustBeDeclared],
  // The SQL migrations run at start-up; @gatehouse/db's `migrationsFolder()` finds them in dist/drizzle.
  onSuccess: async () => {
    // Into the output directory actually used (tests build with `--out-dir` to a folder of their own).
    const outDir = resolve(fileURLToPath(new URL('.', import.meta.url)), cli.outDir ?? 'dist');
    cpSync(new URL('../../packages/db/drizzle', import.meta.url), join(outDir, 'drizzle'), {
      recursive: true,
    });
  },
}));
