/**
 * `pnpm turbo gen router` — scaffolds a tRPC router in @gatehouse/api-contract and leaves the repo green:
 *   1. src/routers/<name>.ts         zod input schemas + a paged `list` and a `create`, made from the
 *                                    chosen tier's builder
 *   2. src/root.ts                   one key: `<name>: <name>Router` (procedures `<name>.list`, …)
 *   3. test/routers/<name>.test.ts   a behaviour test through `useTestHarness`, on each database driver
 *   4. test/matrix/sample-inputs.ts  the auth matrix's sample input for each new procedure
 *   5. docs/security.md              the access table, regenerated from the declarations
 * formatting the touched files with Biome. Non-interactive: `pnpm turbo gen router --args <name> <tier>`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlopTypes } from '@turbo/gen';

export const TIERS = {
  public: {
    summary: 'anyone may call, signed in or not',
    imports: 'publicProcedure',
    builder: 'publicProcedure',
    allowed: '{ signedOut: true }',
    allowedUserId: null,
    allowedOrgId: null,
    denied: null,
  },
  protected: {
    summary: 'a verified Clerk session (401 otherwise)',
    imports: 'protectedProcedure',
    builder: 'protectedProcedure',
    allowed: "{ persona: 'carol' }",
    allowedUserId: 'user_carol',
    allowedOrgId: null,
    denied: {
      identity: '{ signedOut: true }',
      code: 'UNAUTHORIZED',
      reason: 'token-missing',
      who: 'a signed-out caller',
    },
  },
  org: {
    summary: 'a session with an active organization (403 without one)',
    imports: 'orgProcedure',
    builder: 'orgProcedure',
    allowed: "{ persona: 'bob' }",
    allowedUserId: 'user_bob',
    allowedOrgId: 'org_acme',
    denied: {
      identity: "{ persona: 'carol' }",
      code: 'FORBIDDEN',
      reason: 'no-active-organization',
      who: 'a caller without an organization',
    },
  },
  'org-admin': {
    summary: 'an admin of the active organization (403 otherwise)',
    imports: 'orgProcedure, requireRole',
    builder: "orgProcedure.use(requireRole('org:admin'))",
    allowed: "{ persona: 'alice' }",
    allowedUserId: 'user_alice',
    allowedOrgId: 'org_acme',
    denied: {
      identity: "{ persona: 'bob' }",
      code: 'FORBIDDEN',
      reason: 'missing-role',
      who: 'a plain org member',
    },
  },
} as const;

export type Tier = keyof typeof TIERS;

const CONTRACT = 'packages/api-contract';
const ROOT_FILE = `${CONTRACT}/src/root.ts`;
const SAMPLES_FILE = `${CONTRACT}/test/matrix/sample-inputs.ts`;
const ACCESS_TABLE_TEST = 'test/matrix/access-table.test.ts';
/** Names tRPC refuses as router keys, plus the caller proxy's own members. */
const RESERVED = new Set(['then', 'call', 'apply', 'constructor', 'prototype', 'toString']);

/** The keys of `router({ … })` in root.ts: one `key: value,` line each. */
export function rootKeys(root: string): string[] {
  const body = /export const appRouter = router\(\{([\s\S]*?)\n\}\);/.exec(root)?.[1] ?? '';
  return [...body.matchAll(/^\s+(\w+):/gm)].map((match) => match[1]!);
}

/** Returns true, or the reason the name cannot be used (plop shows it; `--args` fails with it). */
export function validateRouterName(name: unknown, repoRoot: string): true | string {
  if (typeof name !== 'string' || !/^[a-z][a-zA-Z0-9]{0,39}$/.test(name)) {
    return 'Use a camelCase identifier starting with a lowercase letter, e.g. "invoices" (max 40 chars)';
  }
  if (RESERVED.has(name)) return `"${name}" is reserved by tRPC`;
  // The root is a keyed record, so a duplicate would not compile anyway; this says so before writing.
  if (rootKeys(readFileSync(join(repoRoot, ROOT_FILE), 'utf8')).includes(name)) {
    return `"${name}" is already a key of the app router (src/root.ts)`;
  }
  if (existsSync(join(repoRoot, CONTRACT, 'src/routers', `${name}.ts`))) {
    return `src/routers/${name}.ts already exists`;
  }
  return true;
}

export default function generator(plop: PlopTypes.NodePlopAPI): void {
  const repoRoot = plop.getDestBasePath();

  plop.setActionType('biome', (_answers, config) => {
    const files = (config.files as string[]).map((file) => plop.renderString(file, _answers));
    // `check --write` formats, sorts imports and applies safe fixes: generated code lands lint-clean.
    const biome = join(repoRoot, 'node_modules/@biomejs/biome/bin/biome');
    execFileSync(process.execPath, [biome, 'check', '--write', ...files], { cwd: repoRoot, stdio: 'pipe' });
    return `formatted ${files.length} files with Biome`;
  });

  plop.setActionType('access-table', () => {
    // The access-table test rewrites the table in docs/security.md from the declarations when asked to
    // (what `pnpm --filter @gatehouse/api-contract docs:access` runs), so the docs never go stale.
    const vitest = join(repoRoot, CONTRACT, 'node_modules/vitest/vitest.mjs');
    execFileSync(process.execPath, [vitest, 'run', ACCESS_TABLE_TEST], {
      cwd: join(repoRoot, CONTRACT),
      env: { ...process.env, UPDATE_DOCS: '1' },
      stdio: 'pipe',
    });
    return 'regenerated the access table of docs/security.md';
  });

  plop.setGenerator('router', {
    description: 'A tRPC router in @gatehouse/api-contract with its access tier, tests and matrix entry',
    prompts: [
      {
        type: 'input',
        name: 'name',
        message: 'Router name (camelCase; procedures become <name>.list, <name>.create):',
        validate: (value: unknown) => validateRouterName(value, repoRoot),
      },
      {
        type: 'list',
        name: 'tier',
        message: 'Who may call it?',
        choices: (Object.keys(TIERS) as Tier[]).map((tier) => ({
          name: `${tier} — ${TIERS[tier].summary}`,
          value: tier,
        })),
      },
    ],
    actions: (answers) => {
      const tier = TIERS[answers?.tier as Tier];
      if (!tier)
        throw new Error(`Unknown tier "${String(answers?.tier)}"; one of ${Object.keys(TIERS).join(', ')}`);
      const data = {
        ...tier,
        tier: answers?.tier,
        orgScoped: answers?.tier === 'org' || answers?.tier === 'org-admin',
        userScoped: answers?.tier !== 'public',
      };
      const router = `${CONTRACT}/src/routers/{{name}}.ts`;
      const test = `${CONTRACT}/test/routers/{{name}}.test.ts`;
      return [
        { type: 'add', path: router, templateFile: 'templates/router.ts.hbs', data },
        { type: 'add', path: test, templateFile: 'templates/router.test.ts.hbs', data },
        {
          type: 'modify',
          path: ROOT_FILE,
          // After the last import (biome sorts them afterwards).
          pattern: /(^import [^;]+;\n)(?![\s\S]*^import )/m,
          template: "$1import { {{name}}Router } from './routers/{{name}}';\n",
        },
        {
          type: 'modify',
          path: ROOT_FILE,
          // The last key of `router({ … })`.
          pattern: /(export const appRouter = router\(\{[\s\S]*?)(\n\}\);)/,
          template: '$1\n  {{name}}: {{name}}Router,$2',
        },
        {
          type: 'modify',
          path: SAMPLES_FILE,
          pattern: /(export const SAMPLE_INPUTS = \{[\s\S]*?)(\n\} satisfies)/,
          template: "$1\n  '{{name}}.list': {},\n  '{{name}}.create': { title: 'Matrix sample' },$2",
        },
        { type: 'biome', files: [router, test, ROOT_FILE, SAMPLES_FILE] },
        { type: 'access-table' },
      ];
    },
  });
}
