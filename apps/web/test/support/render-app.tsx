import { LocalClerk } from '@gatehouse/auth/browser';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { expect } from 'vitest';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { AppRoutes } from '../../src/App';
import { ApiProvider } from '../../src/api/ApiProvider';
import LocalAuthProvider from '../../src/auth/local/LocalAuthProvider';
import { SessionNoticeProvider } from '../../src/auth/session-notice';
import { useCurrentPath } from '../../src/routes/use-current-path';
import { API_URL, type TestApi } from './test-api';

function CurrentLocation() {
  return <output data-testid="location">{useCurrentPath()}</output>;
}

/** The app's routes at `path`, in memory: the one way tests give the SPA a location. */
export function memoryRouter(path: string) {
  const { hook, searchHook } = memoryLocation({ path });
  return ({ children }: { children: ReactNode }) => (
    <Router hook={hook} searchHook={searchHook}>
      {children}
    </Router>
  );
}

const instances: { destroy(): unknown }[] = [];

/** The real routes and providers in local mode, against the in-process API. */
export function renderApp(path: string, api: TestApi) {
  const clerk = new LocalClerk({ apiUrl: API_URL, fetch: api.fetch, storage: null });
  instances.push(clerk, { destroy: () => api.close() });
  const InMemory = memoryRouter(path);
  render(
    <InMemory>
      <SessionNoticeProvider>
        <LocalAuthProvider apiUrl={API_URL} clerk={clerk}>
          <ApiProvider options={{ apiUrl: API_URL, fetch: api.fetch }}>
            <AppRoutes />
            <CurrentLocation />
          </ApiProvider>
        </LocalAuthProvider>
      </SessionNoticeProvider>
    </InMemory>,
  );
  return { api, clerk };
}

export async function cleanupApp() {
  cleanup();
  for (const instance of instances.splice(0)) await instance.destroy();
}

export const currentLocation = () => screen.getByTestId('location').textContent;

export async function signInAs(name: string) {
  fireEvent.click(await screen.findByRole('button', { name: `Sign in as ${name}` }));
  await screen.findByRole('button', { name: 'Sign out' });
}

/** Picks an option of the "Organization" select and waits until the switch is done. */
export async function chooseOrganization(label: string) {
  const select = screen.getByLabelText<HTMLSelectElement>('Organization');
  const option = [...select.options].find((candidate) => candidate.text === label);
  if (!option) throw new Error(`No organization option "${label}"`);
  fireEvent.change(select, { target: { value: option.value } });
  await waitFor(() => expect(screen.queryByText('Switching…')).toBeNull());
}

/** Clicks the delete button named `name`, then "Delete" in the question it asks. */
export function deleteAndConfirm(name: string) {
  fireEvent.click(screen.getByRole('button', { name }));
  fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }));
}
