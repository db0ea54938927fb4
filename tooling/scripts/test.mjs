// @ts-check
/**
 * `pnpm test`: Chromium check, lint, typecheck, every package's vitest suite, then the browser e2e. Each
 * step runs even when an earlier one failed, and the run ends with one line, `N passed, N failed,
 * N skipped`, summed from the JSON report each vitest run writes (node_modules/.cache/vitest-<task>.json
 * in its package; turbo caches it with the task, so a cache hit is counted too).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ensureChromium } from './ensure-chromium.mjs';

const root = resolve(import.meta.dirname, '../..');
const turboBin = join(root, 'node_modules/.bin/turbo');

/** @param {string} command @param {string[]} args */
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status === 0;

/** The packages where `task` has a command, and the tasks with a command it depends on (e.g. builds). */
function plan(task) {
  const dry = spawnSync(turboBin, ['run', task, '--dry=json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (dry.status !== 0) throw new Error(`turbo run ${task} --dry=json failed:\n${dry.stderr}`);
  /** @type {{ taskId: string, task: string, package: string, directory: string, command: string }[]} */
  const tasks = JSON.parse(dry.stdout).tasks.filter((t) => t.command !== '<NONEXISTENT>');
  return {
    packages: tasks
      .filter((t) => t.task === task)
      .map((t) => ({ name: t.package, dir: join(root, t.directory) })),
    dependencies: tasks.filter((t) => t.task !== task).map((t) => t.taskId),
  };
}

/**
 * Runs a vitest task in every package with a JSON reporter added. Turbo would also pass the reporter
 * flags to the task's dependencies (the API's tsup build), so those run first, then the task `--only`.
 */
function vitestTask(task, concurrency) {
  const { packages, dependencies } = plan(task);
  const reportPath = `node_modules/.cache/vitest-${task}.json`;
  const reports = packages.map((p) => ({ name: `${p.name}#${task}`, file: join(p.dir, reportPath) }));
  for (const report of reports) rmSync(report.file, { force: true });
  const limit = `--concurrency=${concurrency}`;
  const built = dependencies.length === 0 || run(turboBin, ['run', ...dependencies, limit]);
  const reporters = ['--reporter=default', '--reporter=json', `--outputFile.json=${reportPath}`];
  const ok = built && run(turboBin, ['run', task, '--only', '--continue', limit, '--', ...reporters]);
  return { ok, reports };
}

const firstLine = (text) => String(text).split('\n')[0];

/** @param {{ name: string, file: string }[]} reports */
function tally(reports) {
  const sum = { passed: 0, failed: 0, skipped: 0 };
  /** @type {string[]} */ const failures = [];
  /** @type {string[]} */ const skippedFiles = [];
  const fail = (line) => {
    sum.failed += 1;
    failures.push(line);
  };
  for (const report of reports) {
    if (!existsSync(report.file)) {
      fail(`${report.name}: no report (vitest did not run, or crashed before the end)`);
      continue;
    }
    const json = JSON.parse(readFileSync(report.file, 'utf8'));
    sum.passed += json.numPassedTests;
    sum.skipped += json.numPendingTests + json.numTodoTests;
    const failedBefore = sum.failed;
    for (const file of json.testResults) {
      const name = relative(root, file.name);
      const failed = file.assertionResults.filter((a) => a.status === 'failed');
      const skipped = file.assertionResults.filter((a) => ['pending', 'skipped', 'todo'].includes(a.status));
      for (const a of failed) fail(`${name} › ${a.fullName}`);
      // A file that failed outside its tests (an import error, a failing hook) counts once.
      if (file.status === 'failed' && failed.length === 0) fail(`${name}: ${firstLine(file.message)}`);
      if (skipped.length > 0) skippedFiles.push(`${name} (${skipped.length})`);
    }
    if (!json.success && sum.failed === failedBefore) fail(`${report.name}: an error outside any test`);
  }
  return { sum, failures, skippedFiles };
}

const chromium = ensureChromium();
if (!chromium.ok) {
  console.error(chromium.message);
  process.exit(1);
}

const steps = {
  lint: run('pnpm', ['run', 'lint']),
  typecheck: run('pnpm', ['run', 'typecheck']),
};
const unit = vitestTask('test', 2);
const e2e = vitestTask('e2e', 1);
Object.assign(steps, { test: unit.ok, e2e: e2e.ok });

const { sum, failures, skippedFiles } = tally([...unit.reports, ...e2e.reports]);
if (skippedFiles.length > 0) {
  console.log('\nSkipped, by file (they need TEST_DATABASE_URL / TEST_REDIS_URL; see the README):');
  for (const line of skippedFiles) console.log(`  ${line}`);
}
if (failures.length > 0) {
  console.log('\nFailed:');
  for (const line of failures) console.log(`  ${line}`);
}
const failedSteps = Object.entries(steps).filter(([, ok]) => !ok);
if (failedSteps.length > 0) {
  console.log(`\nSteps that failed: ${failedSteps.map(([step]) => step).join(', ')}`);
}
console.log(`\n${sum.passed} passed, ${sum.failed} failed, ${sum.skipped} skipped`);
process.exit(failedSteps.length > 0 || sum.failed > 0 ? 1 : 0);
