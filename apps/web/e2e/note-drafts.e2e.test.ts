/**
 * The production build: unsaved note text (the add form, an open editor) survives an organization
 * switch made in another tab, and a reload. The note made here is deleted again.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { chooseOrganization, signInAs, useChromium } from './support/browser';

const browser = useChromium(inject('spaUrl'));
const TITLE = 'Draft survivor';

describe('note drafts in the shipped SPA', () => {
  let cleanUp = async () => {};
  afterAll(() => cleanUp());

  it('keeps what is typed through another tab’s org switch and a reload', async (test) => {
    browser.screenshotOnFailure(test);
    const alice = await browser.newPage();
    await alice.goto('/notes');
    await signInAs(alice, 'Alice Admin', '/notes');
    await alice.getByLabel('Title', { exact: true }).fill(TITLE);
    await alice.getByRole('button', { name: 'Add note' }).click();
    const edit = alice.getByRole('button', { name: `Edit note “${TITLE}”` });
    await edit.waitFor();
    cleanUp = async () => {
      await alice.getByRole('button', { name: `Delete note “${TITLE}”` }).click();
      await alice.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
      await edit.waitFor({ state: 'detached' });
    };

    await edit.click();
    await alice.getByLabel('Edit body').fill('changed, not saved');
    await alice.getByLabel('Title', { exact: true }).fill('Half a title');
    await alice.getByLabel('Body', { exact: true }).fill('half a thought');

    // Marked, to see that the switch did remount them (IdentityBoundary).
    await alice.locator('main form').evaluateAll((forms) => {
      for (const form of forms) form.setAttribute('data-before-switch', '');
    });
    const other = await browser.newTab(alice);
    await other.goto('/notes');
    await chooseOrganization(other, 'Acme');
    await alice.locator('main form[data-before-switch]').first().waitFor({ state: 'detached' });
    await alice.getByLabel('Edit body').waitFor();
    const restored = async () => {
      expect(await alice.getByLabel('Edit body').inputValue()).toBe('changed, not saved');
      expect(await alice.getByLabel('Title', { exact: true }).inputValue()).toBe('Half a title');
      expect(await alice.getByLabel('Body', { exact: true }).inputValue()).toBe('half a thought');
    };
    await restored();
    await other.close();

    await alice.reload();
    await alice.getByLabel('Edit body').waitFor();
    await restored();

    await alice.getByRole('button', { name: 'Cancel' }).click();
    await alice.getByLabel('Title', { exact: true }).fill('');
    await alice.getByLabel('Body', { exact: true }).fill('');
    // Cancelled and emptied: nothing comes back.
    await alice.reload();
    await edit.waitFor();
    expect(await alice.getByLabel('Edit body').count()).toBe(0);
    expect(await alice.getByLabel('Title', { exact: true }).inputValue()).toBe('');
    expect(await alice.getByLabel('Body', { exact: true }).inputValue()).toBe('');
  });
});
