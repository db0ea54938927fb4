/**
 * `pnpm --filter @gatehouse/web screenshots`: every screen of the shipped SPA at 1280×800 and 375×667,
 * into docs/images/<screen>-<width>.png, against a built API with a throwaway database (local mode).
 * Prints each screen's page width and header height, the figures the layout must hold to at 375 px.
 */
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../e2e/support/chromium';
import { chooseOrganization, signInAs } from '../e2e/support/pages';
import { startShippedStack } from '../e2e/support/stack';

const imagesDir = resolve(import.meta.dirname, '../../../docs/images');
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 375, height: 667 },
];

async function shoot(page: Page, screen: string, { fullPage = true } = {}) {
  const width = page.viewportSize()?.width;
  const pageWidth = await page.locator('html').evaluate((html) => html.scrollWidth);
  const header = page.locator('.app-header');
  const headerHeight = (await header.count()) > 0 ? (await header.boundingBox())?.height : undefined;
  console.log(`${screen} @ ${width}: page ${pageWidth} px wide, header ${headerHeight ?? '-'} px`);
  await page.screenshot({ path: join(imagesDir, `${screen}-${width}.png`), fullPage });
}

async function personaPage(browser: Browser, baseURL: string, viewport: (typeof VIEWPORTS)[number]) {
  const context = await browser.newContext({ baseURL, viewport });
  context.setDefaultTimeout(20_000);
  return context.newPage();
}

/** Some data to look at: Bob's task and Alice's, two notes of Alice's. */
async function seed(browser: Browser, baseURL: string) {
  const bob = await personaPage(browser, baseURL, VIEWPORTS[0]!);
  await bob.goto('/tasks');
  await signInAs(bob, 'Bob Member', '/tasks');
  await bob.getByLabel('New task').fill('Book the venue for the offsite');
  await bob.getByLabel('New task').press('Enter');
  await bob.getByRole('checkbox', { name: 'Book the venue for the offsite' }).waitFor();
  await bob.context().close();
}

async function screens(
  browser: Browser,
  baseURL: string,
  viewport: (typeof VIEWPORTS)[number],
  first: boolean,
) {
  const page = await personaPage(browser, baseURL, viewport);
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in as Alice Admin' }).waitFor();
  await shoot(page, 'sign-in');
  await page.getByRole('link', { name: 'Sign up' }).click();
  await page.getByLabel('First name').waitFor();
  await shoot(page, 'sign-up');
  await page.goto('/sign-in');

  await signInAs(page, 'Alice Admin', '/notes');
  if (first) {
    for (const [title, body] of [
      ['Quarterly plan', 'Draft the Q3 goals with the team.'],
      ['Offsite agenda', 'Morning: retrospective. Afternoon: roadmap.'],
    ] as const) {
      await page.getByLabel('Title').fill(title);
      await page.getByLabel('Body').fill(body);
      await page.getByRole('button', { name: 'Add note' }).click();
      await page.getByRole('heading', { name: title }).waitFor();
    }
  }
  await page.getByRole('heading', { name: 'Quarterly plan' }).waitFor();
  await shoot(page, 'notes');
  await page.getByRole('button', { name: 'Edit note “Offsite agenda”' }).click();
  await shoot(page, 'note-editor');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Delete note “Quarterly plan”' }).click();
  await shoot(page, 'delete-question', { fullPage: false }); // a modal covers the viewport
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('link', { name: 'Tasks' }).click();
  await page.getByRole('heading', { name: 'Choose an organization' }).waitFor();
  await shoot(page, 'choose-organization');
  await chooseOrganization(page, 'Acme');
  if (first) {
    await page.getByLabel('New task').fill('Send the agenda');
    await page.getByLabel('New task').press('Enter');
    await page.getByRole('checkbox', { name: 'Send the agenda' }).check();
  }
  await page.getByRole('status', { name: 'Live updates: Live', exact: true }).waitFor();
  await page.getByText(/^Added by Bob Member/).waitFor();
  await shoot(page, 'tasks');
  await page.getByLabel('Organization').selectOption({ label: 'Manage organization…' });
  await page.getByLabel('Role of Bob Member').waitFor();
  await shoot(page, 'organization');
  await page.goto('/nowhere');
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  await shoot(page, 'not-found');
  await page.context().close();

  const bob = await personaPage(browser, baseURL, viewport);
  await bob.goto('/tasks');
  await signInAs(bob, 'Bob Member', '/tasks');
  await bob.getByText('Only admins of Acme can delete tasks').waitFor();
  await shoot(bob, 'tasks-member');
  await bob.context().close();
}

const stack = await startShippedStack('screenshots');
const browser = await launchChromium();
try {
  await seed(browser, stack.spaUrl);
  for (const [index, viewport] of VIEWPORTS.entries())
    await screens(browser, stack.spaUrl, viewport, index === 0);
  await stack.api.stop();
  for (const viewport of VIEWPORTS) {
    const page = await personaPage(browser, stack.spaUrl, viewport);
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Try again now' }).waitFor();
    await shoot(page, 'sign-in-api-down');
  }
} finally {
  await browser.close();
  await stack.close();
}
