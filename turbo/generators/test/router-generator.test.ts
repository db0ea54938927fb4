/**
 * Runs `turbo gen router` non-interactively in a temporary copy of the repo (the contract package, the
 * generator, the root configs, docs/security.md; node_modules linked, not copied), once per tier, then
 * proves the repo is left green: the package type-checks and passes Biome, the generated tests pass,
 * the auth matrix covers the new procedures and the access table in the docs lists them.
 *
 * `turbo gen` itself only runs `pnpm dlx @turbo/gen@<turbo's version> raw run …`; this test calls the
 * installed @turbo/gen of that same version directly, so it needs no network. The last test keeps the
 * two versions equal, which is what makes `pnpm turbo gen router` work at all.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRouterName } from '../config';

const repo = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const genCli = join(dirname(require.resolve('@turbo/gen/package.json')), 'dist/cli.js');
const CONTRACT = 'packages/api-contract';

/** Links each entry of a node_modules folder by its real path, so the copy resolves what the repo does. */
function linkNodeModules(from: string, to: string) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    if (entry.startsWith('.')) continue; // .bin, .cache, .vite: tool state stays in the copy
    symlinkSync(realpathSync(join(from, entry)), join(to, entry));
  }
}

function copyRepo(): string {
  const copy = mkdtempSync(join(tmpdir(), 'gatehouse-gen-'));
  for (const file of [
    'package.json',
    'pnpm-workspace.yaml',
    'turbo.json',
    'tsconfig.base.json',
    'biome.json',
    'vitest.shared.ts',
    '.gitignore',
    'docs/security.md',
  ]) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(repo, file), join(copy, file));
  }
  const skip = (source: string) => !/[\\/](node_modules|test[\\/]routers)([\\/]|$)/.test(source);
  cpSync(join(repo, 'turbo/generators'), join(copy, 'turbo/generators'), { recursive: true, filter: skip });
  cpSync(join(repo, CONTRACT), join(copy, CONTRACT), { recursive: true, filter: skip });
  linkNodeModules(join(repo, 'node_modules'), join(copy, 'node_modules'));
  linkNodeModules(join(repo, CONTRACT, 'node_modules'), join(copy, CONTRACT, 'node_modules'));
  return copy;
}

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  return spawnSync(command, args, { cwd, encoding: 'utf8', env, timeout: 240_000 });
}

const output = (result: SpawnSyncReturns<string>) => `${result.stdout}\n${result.stderr}`;
const generate = (copy: string, ...args: string[]) =>
  run(process.execPath, [genCli, 'run', 'router', '--root', copy, '--args', ...args], copy);

/** A name per tier, made free in the copy: this must pass right after a user generated `invoices`. */
const WANTED = [
  ['gadgets', 'public'],
  ['widgets', 'protected'],
  ['invoices', 'org'],
  ['payroll', 'org-admin'],
] as const;

function freeName(base: string, root: string): string {
  for (let suffix = 1; ; suffix++) {
    const name = suffix === 1 ? base : `${base}${suffix}`;
    if (validateRouterName(name, root) === true) return name;
  }
}

let copy: string;
let TIERS: (readonly [string, string])[];
beforeAll(() => {
  copy = copyRepo();
  TIERS = WANTED.map(([base, tier]) => [freeName(base, copy), tier] as const);
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('pnpm turbo gen router', () => {
  it('scaffolds a router per tier that type-checks, lints, passes its tests and the auth matrix', () => {
    for (const [name, tier] of TIERS) {
      const result = generate(copy, name, tier);
      expect(result.status, output(result)).toBe(0);
      expect(result.stdout).toContain(`${CONTRACT}/src/routers/${name}.ts`);
    }

    const root = readFileSync(join(copy, CONTRACT, 'src/root.ts'), 'utf8');
    const samples = readFileSync(join(copy, CONTRACT, 'test/matrix/sample-inputs.ts'), 'utf8');
    const accessTable = readFileSync(join(copy, 'docs/security.md'), 'utf8');
    for (const [name] of TIERS) {
      expect(root).toContain(`import { ${name}Router } from './routers/${name}';`);
      expect(root).toContain(`  ${name}: ${name}Router,\n`);
      expect(samples).toContain(`'${name}.create': { title: 'Matrix sample' },`);
      expect(accessTable).toContain(`| \`${name}.list\` | query |`);
    }
    const [orgAdminName] = TIERS.find(([, tier]) => tier === 'org-admin')!;
    const payroll = readFileSync(join(copy, CONTRACT, `src/routers/${orgAdminName}.ts`), 'utf8');
    expect(payroll).toContain("const procedure = orgProcedure.use(requireRole('org:admin'));");

    // What `pnpm typecheck` and `pnpm lint` run, over the whole package.
    const tsc = run(
      process.execPath,
      [
        join(dirname(require.resolve('typescript/package.json')), 'bin/tsc'),
        '--noEmit',
        '--incremental',
        'false',
        '-p',
        'tsconfig.json',
      ],
      join(copy, CONTRACT),
    );
    expect(tsc.status, output(tsc)).toBe(0);
    const biome = run(
      process.execPath,
      [join(copy, 'node_modules/@biomejs/biome/bin/biome'), 'check', CONTRACT, 'docs'],
      copy,
    );
    expect(biome.status, output(biome)).toBe(0);

    const vitest = run(
      process.execPath,
      [
        join(copy, CONTRACT, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--reporter=verbose',
        'test/routers',
        'test/matrix/matrix.test.ts',
        'test/matrix/access-table.test.ts',
        'test/matrix/published-paths.test.ts',
      ],
      join(copy, CONTRACT),
    );
    expect(vitest.status, output(vitest)).toBe(0);
    // The matrix ran the new procedures, one test each.
    for (const [name] of TIERS)
      expect(vitest.stdout).toContain(`${name}.create does what its declaration promises`);
    // About a minute alone; several times that when CI runs the other suites beside it on 2 cores.
  }, 400_000);

  it.each([
    ['Not-A-Name', 'camelCase identifier'],
    ['tasks', 'already a key of the app router'],
    ['pagination', 'src/routers/pagination.ts already exists'],
    ['then', 'reserved'],
  ])('refuses the name %s', (name, reason) => {
    const result = generate(copy, name, 'org');
    expect(result.status).not.toBe(0);
    expect(output(result)).toContain(reason);
  });

  it('refuses an unknown tier', () => {
    const result = generate(copy, 'reports', 'admin-ish');
    expect(result.status).not.toBe(0);
    expect(output(result)).toMatch(/invalid choice|did not recognize/);
  });

  it('keeps turbo on a version @turbo/gen is published at (what `turbo gen` downloads)', () => {
    const versionOf = (pkg: string) =>
      (
        JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`, { paths: [repo] }), 'utf8')) as {
          version: string;
        }
      ).version;
    expect(versionOf('turbo')).toBe(versionOf('@turbo/gen'));
  });
});
