/** What a person does on the SPA's screens, for the e2e and the screenshot script alike. */
import type { Page } from 'playwright-core';

/** The local sign-in screen: the persona's button, then back on `path`. */
export async function signInAs(page: Page, name: string, path: string) {
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await page.waitForURL((url) => url.pathname === path);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function chooseOrganization(page: Page, label: string) {
  await page.getByLabel('Organization').selectOption({ label });
  await page.getByText('Switching…').waitFor({ state: 'detached' });
}

/** The footer's API status, once it reads `text`. */
export function apiStatus(page: Page, text: 'ok' | 'unreachable') {
  return page.locator('output[aria-label="API status"]', { hasText: text }).waitFor();
}
