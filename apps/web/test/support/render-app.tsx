import { LocalClerk } from '@gatehouse/auth/browser';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router';
import { expect } from 'vitest';
import { AppRoutes } from '../../src/App';
import { ApiProvider } from '../../src/api/ApiProvider';
import LocalAuthProvider from '../../src/auth/local/LocalAuthProvider';
import { SessionNoticeProvider } from '../../src/auth/session-notice';
import { API_URL, createFakeApi } from './fake-api';

function CurrentLocation() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

const instances: LocalClerk[] = [];

/** The real routes and providers in local mode, against the in-memory API. */
export function renderApp(path: string, api = createFakeApi()) {
  const clerk = new LocalClerk({ apiUrl: API_URL, fetch: api.fetch, storage: null });
  instances.push(clerk);
  render(
    <MemoryRouter initialEntries={[path]}>
      <SessionNoticeProvider>
        <LocalAuthProvider apiUrl={API_URL} clerk={clerk}>
          <ApiProvider options={{ apiUrl: API_URL, fetch: api.fetch }}>
            <AppRoutes />
            <CurrentLocation />
          </ApiProvider>
        </LocalAuthProvider>
      </SessionNoticeProvider>
    </MemoryRouter>,
  );
  return { api, clerk };
}

export function cleanupApp() {
  cleanup();
  for (const instance of instances.splice(0)) instance.destroy();
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
