/**
 * Accounts and organizations in local mode, all through the UI, in the order of the story: Pat signs
 * up and creates Initech, invites Bob; Bob joins and sees Initech's tasks but cannot delete them; made an
 * admin he can; removed, his next request in Initech is refused. Then the API's log must hold each of
 * the journey's Clerk webhooks (which the local issuer sent) answered once, in order.
 * A stack of its own (the built API and the SPA built for it), so its log holds only this story.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from './support/a11y';
import { signInAs, useChromium } from './support/browser';
import { startShippedStack } from './support/stack';

let stack: Awaited<ReturnType<typeof startShippedStack>>;
beforeAll(async () => {
  stack = await startShippedStack('accounts-e2e');
});
afterAll(() => stack?.close());

const browser = useChromium(() => stack.spaUrl);
const TASK = 'File the TPS report';

/** The entries of the organization profile's member list. */
const members = (page: Page) => page.getByRole('list', { name: 'Members' }).getByRole('listitem');

/** Bob's page, reloaded: it signs in again from the saved session, with a token minted now. */
async function reloadAs(page: Page) {
  await page.reload();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

describe('accounts and organizations in local mode', () => {
  let pat: Page;
  let bob: Page;

  it('a new person signs up from the sign-in screen and lands where they were going', async (test) => {
    browser.screenshotOnFailure(test);
    pat = await browser.newPage();
    await pat.goto('/tasks');
    await pat.getByRole('link', { name: 'Sign up' }).click();
    await pat.waitForURL(
      (url) => url.pathname === '/sign-up' && url.searchParams.get('redirect') === '/tasks',
    );
    await pat.getByLabel('First name').waitFor();
    expect(await axeViolations(pat)).toEqual([]);
    await pat.getByLabel('First name').fill('Pat');
    await pat.getByLabel('Last name').fill('Founder');
    await pat.getByLabel('Email address').fill('pat@initech.test');
    await pat.getByRole('button', { name: 'Continue' }).click();
    await pat.waitForURL((url) => url.pathname === '/tasks');
    await pat.getByText('Pat Founder', { exact: true }).waitFor();
  });

  it('they create Initech, add a task and invite Bob by email', async (test) => {
    browser.screenshotOnFailure(test);
    await pat.getByLabel('Organization').selectOption({ label: 'Create organization…' });
    await pat.getByLabel('Name').fill('Initech');
    await pat.getByRole('button', { name: 'Create organization' }).click();
    await pat.getByRole('heading', { name: 'Initech', level: 1 }).waitFor();
    expect(await pat.getByLabel('Organization').inputValue()).toMatch(/^org_/);
    await members(pat).filter({ hasText: 'pat@initech.test' }).waitFor();

    await pat.getByLabel('Email address').fill('bob@acme.test');
    await pat.getByRole('button', { name: 'Send invitation' }).click();
    await pat.getByRole('listitem').filter({ hasText: 'bob@acme.test (Member)' }).waitFor();
    expect(await axeViolations(pat)).toEqual([]); // the organization profile, as its admin

    await pat.getByRole('link', { name: 'Tasks' }).click();
    await pat.getByLabel('New task').fill(TASK);
    await pat.getByRole('button', { name: 'Add task' }).click();
    await expect.poll(() => pat.getByRole('checkbox', { name: TASK }).isEnabled()).toBe(true);
  });

  it('Bob accepts, sees Initech’s tasks and the author’s name, but cannot delete', async (test) => {
    browser.screenshotOnFailure(test);
    bob = await browser.newPage();
    await bob.goto('/tasks');
    await signInAs(bob, 'Bob Member', '/tasks');
    await bob.getByLabel('Organization').selectOption({ label: 'Join Initech…' });
    await bob.getByRole('checkbox', { name: TASK }).waitFor();
    expect(await bob.getByLabel('Organization').inputValue()).toBe(
      await pat.getByLabel('Organization').inputValue(),
    );
    await bob.getByText('Pat Founder').first().waitFor(); // the author, from the row the webhook synced
    await bob.getByText('Only admins of Initech can delete tasks').waitFor();
    expect(await bob.getByRole('button', { name: `Delete task “${TASK}”` }).count()).toBe(0);
  });

  it('made an admin, Bob can delete', async (test) => {
    browser.screenshotOnFailure(test);
    await pat.getByLabel('Organization').selectOption({ label: 'Manage organization…' });
    await pat.getByLabel('Role of Bob Member').selectOption({ label: 'Admin' });
    await pat.getByText('Bob Member is now an admin.').waitFor();

    await reloadAs(bob); // his next token says admin
    await bob.getByRole('button', { name: `Delete task “${TASK}”` }).click();
    await bob.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await bob.getByText(`Task “${TASK}” deleted.`).waitFor();
  });

  it('removed, Bob’s next request in Initech is refused and he is out of it', async (test) => {
    browser.screenshotOnFailure(test);
    await pat.getByRole('button', { name: 'Remove Bob Member' }).click();
    await pat.getByText('Bob Member left Initech.').waitFor();
    expect(await members(pat).filter({ hasText: 'bob@acme.test' }).count()).toBe(0);

    const initechId = await pat.getByLabel('Organization').inputValue();
    const refused = bob.waitForResponse(
      (res) =>
        res.url().endsWith('/dev/auth/token') && res.request().postData()?.includes(initechId) === true,
    );
    await bob.reload();
    const answer = await refused;
    expect(answer.status()).toBe(403);
    expect((await answer.json()).error.reason).toBe('not-a-member');
    await bob.getByText('Your membership of that organization has ended').waitFor();
    const options = await bob.getByLabel('Organization').locator(':scope > option').allTextContents();
    expect(options).toEqual(['Personal', 'Acme']);
  });

  it('the API applied each of the journey’s webhooks once, in order', () => {
    const deliveries = stack.api.logs.filter((line) => line.msg === 'clerk webhook');
    const ids = deliveries.map((line) => line.svixId);
    expect(new Set(ids).size).toBe(ids.length); // no duplicates
    const journey = deliveries.slice(10); // after the personas' 4 users, 2 organizations, 4 memberships
    expect(journey.map((line) => [line.type, line.status])).toEqual([
      ['user.created', 'applied'],
      ['organization.created', 'applied'],
      ['organizationMembership.created', 'applied'],
      ['organizationInvitation.created', 'ignored'],
      ['organizationInvitation.accepted', 'ignored'],
      ['organizationMembership.created', 'applied'],
      ['organizationMembership.updated', 'applied'],
      ['organizationMembership.deleted', 'applied'],
    ]);
  });
});
