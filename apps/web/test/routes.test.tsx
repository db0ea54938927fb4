/**
 * The SPA's routes as a person meets them: the way in keeps where they were going (query included),
 * `/` is the notes, the main navigation says which page is shown, sign-in answers below its path (where
 * Clerk's components route their steps), and an unknown address says so.
 */
import { useTestHarness } from '@gatehouse/api-contract/testing';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupApp, currentLocation, renderApp, signInAs } from './support/render-app';
import { createTestApi } from './support/test-api';

const harness = useTestHarness();
afterEach(cleanupApp);

const mainLinks = () =>
  Object.fromEntries(
    screen
      .getAllByRole('link')
      .filter((link) => link.closest('nav[aria-label="Main"]'))
      .map((link) => [link.textContent, link.getAttribute('aria-current')]),
  );

describe('routes', () => {
  it('sends a signed-out deep link to sign-in with its query, and back there after', async () => {
    renderApp('/notes?focus=1', createTestApi(harness));
    await screen.findByRole('button', { name: 'Sign in as Alice Admin' });
    expect(currentLocation()).toBe('/sign-in?redirect=%2Fnotes%3Ffocus%3D1');
    await signInAs('Alice Admin');
    await waitFor(() => expect(currentLocation()).toBe('/notes?focus=1'));
  });

  it('opens / on the notes, and the main navigation marks the page shown', async () => {
    renderApp('/', createTestApi(harness));
    await signInAs('Alice Admin');
    await waitFor(() => expect(currentLocation()).toBe('/notes'));
    expect(mainLinks()).toEqual({ Notes: 'page', Tasks: null, 'API keys': null });

    fireEvent.click(screen.getByRole('link', { name: 'Tasks' }));
    await waitFor(() => expect(currentLocation()).toBe('/tasks'));
    expect(mainLinks()).toEqual({ Notes: null, Tasks: 'page', 'API keys': null });
  });

  it('answers sign-in below its path, and an unknown address with a page that says so', async () => {
    renderApp('/sign-in/factor-one', createTestApi(harness));
    expect(await screen.findByRole('button', { name: 'Sign in as Alice Admin' })).toBeTruthy();
    expect(currentLocation()).toBe('/sign-in/factor-one'); // not sent round to /sign-in?redirect=…
    cleanupApp();
    renderApp('/nowhere/at/all', createTestApi(harness));
    await signInAs('Alice Admin');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeTruthy();
    expect(currentLocation()).toBe('/nowhere/at/all');
  });
});
