/**
 * The SPA as shipped (production build, shared API) where people notice first: two tabs, a double
 * click, odd input, keyboard only, a phone-sized window, and axe-core on every screen. Every task added
 * here is deleted again, so the other e2e files find Acme as they expect it.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { axeViolations } from './support/a11y';
import { chooseOrganization, signInAs, useChromium } from './support/browser';

const browser = useChromium(inject('spaUrl'));
const PHONE = { width: 375, height: 667 };
const focused = (page: Page) => page.locator(':focus');
const focusedName = (page: Page) =>
  focused(page).evaluate((el) => el.getAttribute('aria-label') || el.id || el.textContent);

/** `*.create` calls sent from now on (a batch names each of its calls). */
function recordCreates(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/trpc/'))
      sent.push(
        ...path
          .slice(6)
          .split(',')
          .filter((p) => p.endsWith('.create')),
      );
  });
  return sent;
}

async function deleteTask(page: Page, title: string) {
  await page.getByRole('button', { name: `Delete task “${title}”` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('checkbox', { name: title }).waitFor({ state: 'detached' });
}

describe('the shipped SPA, where people notice first', () => {
  let alice: Page;
  const consoleErrors: string[] = [];
  const acmeTasks: string[] = [];
  afterAll(async () => {
    await alice.goto('/tasks'); // Alice, still in Acme
    for (const title of acmeTasks) await deleteTask(alice, title);
  });

  it('two tabs share one session: sign-out, sign-in and org switch reach the other at once', async (test) => {
    browser.screenshotOnFailure(test);
    alice = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    alice.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await alice.goto('/tasks');
    await alice.getByRole('button', { name: 'Sign in as Alice Admin' }).waitFor();
    expect(await axeViolations(alice)).toEqual([]); // sign-in
    await signInAs(alice, 'Alice Admin', '/tasks');
    expect(await axeViolations(alice)).toEqual([]); // choose an organization
    await chooseOrganization(alice, 'Acme');
    const other = await browser.newTab(alice);
    await other.goto('/tasks');
    await other.getByRole('heading', { name: 'Tasks · Acme' }).waitFor();

    await alice.getByRole('button', { name: 'Sign out' }).click();
    await other.getByRole('button', { name: 'Sign in as Dave Globex' }).waitFor();
    expect(new URL(other.url()).searchParams.get('redirect')).toBe('/tasks');

    // Dave has one organization: he lands in it, in both tabs.
    await signInAs(alice, 'Dave Globex', '/notes');
    await other.getByRole('heading', { name: 'Tasks · Globex' }).waitFor();

    await alice.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(alice, 'Alice Admin', '/notes');
    await other.getByRole('heading', { name: 'Choose an organization' }).waitFor();
    await chooseOrganization(alice, 'Acme');
    await other.getByRole('heading', { name: 'Tasks · Acme' }).waitFor();
    await other.close();
    await alice.getByRole('link', { name: 'Tasks' }).click();
  });

  it('a double click adds one note and one task; input is checked, trimmed, told once', async (test) => {
    browser.screenshotOnFailure(test);
    const creates = recordCreates(alice);
    await alice.getByLabel('New task').fill('   ');
    await alice.getByRole('button', { name: 'Add task' }).click();
    await alice.getByText('Enter a task title.').waitFor();
    await alice.getByLabel('New task').fill('  Plan the offsite  ');
    expect(await alice.getByText('Enter a task title.').count()).toBe(0); // fixed: gone
    await alice.getByRole('button', { name: 'Add task' }).dblclick();
    acmeTasks.push('Plan the offsite');
    const task = alice.getByRole('checkbox', { name: 'Plan the offsite' });
    await expect.poll(() => task.isEnabled()).toBe(true);
    expect(await alice.getByText('Enter a task title.').count()).toBe(0);
    expect(creates.splice(0)).toEqual(['tasks.create']);
    expect(await axeViolations(alice)).toEqual([]); // tasks, as an admin

    await alice.getByRole('link', { name: 'Notes' }).click();
    await alice.getByLabel('Title').fill('   ');
    await alice.getByRole('button', { name: 'Add note' }).click();
    await alice.getByText('Enter a title.').waitFor();
    expect(await alice.getByRole('alert').count()).toBe(0);
    expect(await focusedName(alice)).toBe(await alice.getByLabel('Title').getAttribute('id'));
    await alice.getByLabel('Title').fill('x'.repeat(201));
    await alice.getByRole('button', { name: 'Add note' }).click();
    await alice.getByText('The title is 201 characters long; the limit is 200.').waitFor();
    await alice.getByLabel('Title').fill('  Only once  ');
    await alice.getByRole('button', { name: 'Add note' }).dblclick();
    await alice.getByRole('heading', { name: 'Only once', exact: true }).waitFor();
    expect(creates.splice(0)).toEqual(['notes.create']);
    expect(await axeViolations(alice)).toEqual([]); // notes
  });

  it('keyboard only: add, edit (Escape cancels), delete; focus is never lost', async (test) => {
    browser.screenshotOnFailure(test);
    await alice.getByLabel('Title').focus();
    await alice.keyboard.type('Typed note');
    await alice.keyboard.press('Tab');
    await alice.keyboard.type('With a body');
    await alice.keyboard.press('Tab');
    await alice.keyboard.press('Enter');
    await alice.getByRole('heading', { name: 'Typed note' }).waitFor();
    expect(await focusedName(alice)).toBe(await alice.getByLabel('Title').getAttribute('id'));

    for (const key of ['Tab', 'Tab', 'Tab']) await alice.keyboard.press(key);
    expect(await focusedName(alice)).toBe('Edit note “Typed note”');
    await alice.keyboard.press('Enter');
    expect(await focusedName(alice)).toBe(await alice.getByLabel('Edit title').getAttribute('id'));
    expect(await axeViolations(alice)).toEqual([]); // the note editor
    const [save, cancel] = await Promise.all(
      ['Save', 'Cancel'].map((name) => alice.getByRole('button', { name, exact: true }).boundingBox()),
    );
    expect(save?.y).toBe(cancel?.y); // in line
    await alice.keyboard.type(' (draft)');
    await alice.keyboard.press('Escape');
    expect(await focusedName(alice)).toBe('Edit note “Typed note”');

    await alice.keyboard.press('Enter');
    await alice.keyboard.press('End');
    await alice.keyboard.type(', edited');
    await alice.keyboard.press('Enter');
    await alice.getByRole('heading', { name: 'Typed note, edited' }).waitFor();
    await expect.poll(() => focusedName(alice)).toBe('Edit note “Typed note, edited”');

    await alice.keyboard.press('Tab');
    await alice.keyboard.press('Enter');
    expect(await focusedName(alice)).toBe('Cancel'); // the harmless answer first
    expect(await axeViolations(alice)).toEqual([]); // the delete question
    await alice.keyboard.press('Shift+Tab');
    await alice.keyboard.press('Enter');
    await alice.getByRole('heading', { name: 'Typed note, edited' }).waitFor({ state: 'detached' });
    expect(await focusedName(alice)).toBe('your-notes-heading');

    // An arrow key only browses the organizations (Chromium fires `change` for it): leaving the
    // control puts the current one back. Enter chooses; the switch remounts the page and the focus
    // stays on the switcher.
    const switcher = alice.getByLabel('Organization');
    await switcher.focus();
    await alice.keyboard.press('ArrowDown');
    expect(await switcher.inputValue()).toBe('org_globex');
    await alice.keyboard.press('Shift+Tab');
    await expect.poll(() => switcher.inputValue()).toBe('org_acme');
    await switcher.focus();
    await alice.keyboard.press('ArrowDown');
    await alice.keyboard.press('Enter');
    await alice.getByText('Switching…').waitFor({ state: 'detached' });
    await expect.poll(() => switcher.inputValue()).toBe('org_globex');
    await expect.poll(() => focusedName(alice)).toBe('organization-switcher');
    await chooseOrganization(alice, 'Acme');
    expect(consoleErrors).toEqual([]); // none in all of Alice's normal use
  });

  it('Bob, in one organization, lands in it and sees authors and why he cannot delete', async (test) => {
    browser.screenshotOnFailure(test);
    const bob = await browser.newPage();
    await bob.goto('/tasks');
    await signInAs(bob, 'Bob Member', '/tasks');
    await bob.getByRole('heading', { name: 'Tasks · Acme' }).waitFor();
    await bob
      .getByText(/^Added by Alice Admin · /)
      .first()
      .waitFor();
    await bob.getByText('Only admins of Acme can delete tasks').waitFor();
    expect(await axeViolations(bob)).toEqual([]); // tasks, as a member
    await bob.goto('/nowhere');
    await bob.getByRole('heading', { name: 'Page not found' }).waitFor();
    expect(await axeViolations(bob)).toEqual([]);
  });

  it('at 375 px nothing is wider than the screen, whatever the text', async (test) => {
    browser.screenshotOnFailure(test);
    const phone = await browser.newPage({ viewport: PHONE });
    const width = () => phone.locator('html').evaluate((html) => html.scrollWidth);
    await phone.goto('/notes');
    await phone.getByRole('button', { name: 'Sign in as Alice Admin' }).waitFor();
    expect(await width()).toBeLessThanOrEqual(PHONE.width);
    expect(await axeViolations(phone)).toEqual([]);
    await signInAs(phone, 'Alice Admin', '/notes');

    const longTitle = 'T'.repeat(200);
    await phone.getByLabel('Title').fill(longTitle);
    await phone.getByLabel('Body').fill('B'.repeat(20_000));
    await phone.getByRole('button', { name: 'Add note' }).click();
    await phone.getByRole('heading', { name: longTitle }).waitFor();
    expect(await width()).toBeLessThanOrEqual(PHONE.width);
    expect((await phone.locator('.app-header').boundingBox())?.height).toBeLessThan(100);
    expect(await axeViolations(phone)).toEqual([]);

    await phone.getByRole('link', { name: 'Tasks' }).click();
    await chooseOrganization(phone, 'Acme');
    await phone.getByLabel('New task').fill(longTitle);
    await phone.getByLabel('New task').press('Enter');
    acmeTasks.push(longTitle);
    await phone.getByRole('checkbox', { name: longTitle }).waitFor();
    expect(await width()).toBeLessThanOrEqual(PHONE.width);
    const oneLine = await phone.getByRole('button', { name: 'Sign out' }).boundingBox();
    expect((await phone.getByRole('button', { name: 'Add task' }).boundingBox())?.height).toBe(
      oneLine?.height,
    );
    const label = phone.locator('label', { hasText: 'New task' });
    const lineHeight = await label.evaluate((el) =>
      Number.parseFloat(el.ownerDocument.defaultView?.getComputedStyle(el).lineHeight ?? '0'),
    );
    expect((await label.boundingBox())?.height).toBeLessThanOrEqual(lineHeight);
    expect(await axeViolations(phone)).toEqual([]);
  });
});
