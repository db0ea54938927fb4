/**
 * Live updates in a real browser: Alice and Bob, both in Acme, each in their own browser context
 * (own storage, own tokens, own SSE connection). What one does appears in the other's list without
 * a reload. The tasks are deleted at the end, so the other e2e files find Acme as they expect it.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { chooseOrganization, signInAs, useChromium } from './support/browser';

const TASK = `Live from Bob ${randomUUID().slice(0, 8)}`;
const browser = useChromium(inject('spaUrl'));

async function acmeTasksAs(name: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto('/tasks');
  await signInAs(page, name, '/tasks');
  await chooseOrganization(page, 'Acme');
  // Authenticated, subscribed and caught up.
  await page.getByRole('status', { name: 'Live updates: Live', exact: true }).waitFor();
  return page;
}

describe('live updates between two people in Chromium', () => {
  it("Bob's new task appears in Alice's list without a reload, and their changes follow", async (test) => {
    browser.screenshotOnFailure(test);
    const alice = await acmeTasksAs('Alice Admin');
    const bob = await acmeTasksAs('Bob Member');
    // Survives only as long as the page is not reloaded.
    await alice.evaluate(() => {
      (globalThis as unknown as { neverReloaded: boolean }).neverReloaded = true;
    });

    await bob.getByLabel('New task').fill(TASK);
    await bob.getByRole('button', { name: 'Add task' }).click();
    const onAlice = alice.getByRole('checkbox', { name: TASK });
    await onAlice.waitFor();
    expect(await onAlice.count()).toBe(1);

    await bob.getByRole('checkbox', { name: TASK }).check();
    await expect.poll(() => onAlice.isChecked()).toBe(true);

    await alice.getByRole('button', { name: `Delete task “${TASK}”` }).click();
    await alice.getByRole('dialog').getByRole('button', { name: 'Delete' }).click(); // it asks first
    await bob.getByRole('checkbox', { name: TASK }).waitFor({ state: 'detached' });
    expect(await bob.getByText(TASK).count()).toBe(0);

    expect(
      await alice.evaluate(() => (globalThis as unknown as { neverReloaded?: boolean }).neverReloaded),
    ).toBe(true);
    expect(await alice.getByRole('status', { name: 'Live updates: Live', exact: true }).count()).toBe(1);
  });
});
