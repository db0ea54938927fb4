/**
 * Machine callers end to end in local mode, against the built SPA and API: Alice creates an API key for
 * Acme in the SPA's API keys page, the example machine client (examples/machine-client) lists Acme's
 * tasks with it over HTTP, Alice revokes it in the SPA (confirming the question), and the same script
 * is refused with 401.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { chooseOrganization, signInAs, useChromium } from './support/browser';

const apiUrl = inject('apiUrl');
const browser = useChromium(inject('spaUrl'));
const CLIENT_DIR = resolve(import.meta.dirname, '../../../examples/machine-client');
const TASK = 'Check the nightly export';
const KEY_NAME = 'Nightly export';

/** Runs the example script with `apiKey`: its exit code and output. */
async function listTasksWith(apiKey: string) {
  const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/list-tasks.ts'], {
    cwd: CLIENT_DIR,
    env: { PATH: process.env.PATH ?? '', GATEHOUSE_API_URL: apiUrl, GATEHOUSE_API_KEY: apiKey },
  });
  return run.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ ...error }),
  );
}

describe('API keys in Chromium', () => {
  let alice: Page;
  let secret: string;

  it('Alice creates a read-only key for Acme and sees its secret once', async (test) => {
    browser.screenshotOnFailure(test);
    alice = await browser.newPage();
    await alice.goto('/tasks');
    await signInAs(alice, 'Alice Admin', '/tasks');
    await chooseOrganization(alice, 'Acme');
    await alice.getByLabel('New task').fill(TASK);
    await alice.getByRole('button', { name: 'Add task' }).click();
    await expect.poll(() => alice.getByRole('checkbox', { name: TASK }).isEnabled()).toBe(true);

    await alice.getByRole('link', { name: 'API keys' }).click();
    await alice.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    expect(await alice.getByLabel('For').inputValue()).toBe('org_acme');
    await alice.getByLabel('Name').fill(KEY_NAME);
    await alice.getByRole('checkbox', { name: 'tasks:read' }).check();
    await alice.getByRole('button', { name: 'Create key' }).click();
    secret = (await alice.getByTestId('new-api-key-secret').textContent()) ?? '';
    expect(secret).toMatch(/^ak_/);
    await alice.getByRole('list', { name: 'API keys' }).getByText(KEY_NAME, { exact: true }).waitFor();
    await alice.getByRole('button', { name: 'Done' }).click();
    await alice.getByTestId('new-api-key-secret').waitFor({ state: 'detached' });
  });

  it('the example machine client lists Acme’s tasks with that key', async () => {
    const { code, stdout, stderr } = await listTasksWith(secret);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Tasks of org_acme (api_key, scopes: tasks:read)');
    expect(stdout).toContain(`[ ] ${TASK}`);
  });

  it('Alice revokes the key; the script is refused with 401', async (test) => {
    browser.screenshotOnFailure(test);
    await alice.getByRole('button', { name: `Revoke key “${KEY_NAME}”` }).click();
    await alice.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await alice
      .getByRole('list', { name: 'API keys' })
      .getByText(/Revoked/)
      .waitFor();
    const { code, stdout, stderr } = await listTasksWith(secret);
    expect(code).toBe(1);
    expect(stdout).not.toContain(TASK);
    expect(stderr).toContain('401 machine-token-invalid');
  });
});
