/**
 * The scenario in a real browser, against the built SPA and API (local auth mode, embedded
 * database): Alice adds a note, switches to Acme, adds and completes a task; Bob sees the task but no
 * delete button; Carol is asked to choose an organization; Dave (Globex) never sees Acme's task.
 * The tests run in order and share the API's data, like the people in the story.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { chooseOrganization, signInAs, useChromium } from './support/browser';

const apiUrl = inject('apiUrl');
const TASK = 'Ship the browser e2e';
const browser = useChromium(inject('spaUrl'));

describe('Gatehouse in Chromium', () => {
  let alice: Page;

  it('Alice follows a deep link through sign-in and adds a note that survives a reload', async (test) => {
    browser.screenshotOnFailure(test);
    alice = await browser.newPage();
    await alice.goto('/notes');
    await alice.waitForURL(
      (url) => url.pathname === '/sign-in' && url.searchParams.get('redirect') === '/notes',
    );
    // The walking skeleton's typed call: the public `health` procedure, rendered before anyone signs in.
    await alice.locator('output[aria-label="API status"]', { hasText: 'ok' }).waitFor();
    await signInAs(alice, 'Alice Admin', '/notes');
    await alice.getByText('Alice Admin', { exact: true }).waitFor();

    await alice.getByLabel('Title').fill('Quarterly plan');
    await alice.getByLabel('Body').fill('Draft the Q3 goals.');
    await alice.getByRole('button', { name: 'Add note' }).click();
    await alice.getByRole('heading', { name: 'Quarterly plan' }).waitFor();
    expect(await alice.getByLabel('Title').inputValue()).toBe('');

    await alice.reload();
    await alice.getByRole('heading', { name: 'Quarterly plan' }).waitFor();
    expect(await alice.getByText('Draft the Q3 goals.').isVisible()).toBe(true);
  });

  it('Alice switches to Acme, adds a task and completes it', async (test) => {
    browser.screenshotOnFailure(test);
    await alice.getByRole('link', { name: 'Tasks' }).click();
    await alice.getByRole('heading', { name: 'Choose an organization' }).waitFor();

    await chooseOrganization(alice, 'Acme');
    await alice.getByText('No tasks in Acme yet').waitFor();
    await alice.getByLabel('New task').fill(TASK);
    await alice.getByRole('button', { name: 'Add task' }).click();
    const checkbox = alice.getByRole('checkbox', { name: TASK });
    await expect.poll(() => checkbox.isEnabled()).toBe(true); // confirmed by the API
    await checkbox.check();
    await alice.getByRole('button', { name: `Delete task “${TASK}”` }).waitFor(); // Alice is an Acme admin
    await alice.getByLabel('New task').fill('Write the release notes');
    await alice.getByLabel('New task').press('Enter'); // the keyboard works too
    await alice.getByRole('checkbox', { name: 'Write the release notes' }).waitFor();

    await alice.reload(); // the org, the task and its state come back from the API
    await expect.poll(() => alice.getByRole('checkbox', { name: TASK }).isChecked()).toBe(true);
    expect(await alice.getByLabel('Organization').inputValue()).toBe('org_acme');
    await alice.screenshot({ path: '/tmp/gatehouse-tasks.png' });
  });

  it('Bob, an Acme member, sees the task but no delete button', async (test) => {
    browser.screenshotOnFailure(test);
    const bob = await browser.newPage();
    await bob.goto('/tasks');
    await signInAs(bob, 'Bob Member', '/tasks');
    await chooseOrganization(bob, 'Acme');
    const checkbox = bob.getByRole('checkbox', { name: TASK });
    await checkbox.waitFor();
    expect(await checkbox.isChecked()).toBe(true);
    expect(await bob.getByRole('button', { name: /delete/i }).count()).toBe(0);
  });

  it('Carol, in no organization, is asked to choose one; she can sign out', async (test) => {
    browser.screenshotOnFailure(test);
    const carol = await browser.newPage();
    await carol.goto('/tasks');
    await signInAs(carol, 'Carol Solo', '/tasks');
    await carol.getByRole('heading', { name: 'Choose an organization' }).waitFor();
    expect(await carol.getByText('You are not a member of any organization yet').isVisible()).toBe(true);
    expect(await carol.getByLabel('Organization').locator(':scope > option').allTextContents()).toEqual([
      'Personal',
    ]);
    expect(await carol.getByRole('checkbox').count()).toBe(0);

    await carol.getByRole('button', { name: 'Sign out' }).click();
    await carol.getByRole('button', { name: 'Sign in as Carol Solo' }).waitFor();
  });

  it('Dave, a Globex admin, never sees Acme’s task and cannot get an Acme token', async (test) => {
    browser.screenshotOnFailure(test);
    const dave = await browser.newPage();
    await dave.goto('/tasks');
    await signInAs(dave, 'Dave Globex', '/tasks');
    expect(await dave.getByLabel('Organization').locator(':scope > option').allTextContents()).toEqual([
      'Personal',
      'Globex',
    ]);
    await chooseOrganization(dave, 'Globex');
    await dave.getByText('No tasks in Globex yet').waitFor();
    expect(await dave.getByText(TASK).count()).toBe(0);

    const refused = await fetch(`${apiUrl}/dev/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'user_dave', orgId: 'org_acme' }),
    });
    expect(refused.status).toBe(403);
  });
});
