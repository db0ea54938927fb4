/**
 * The local API keys screen: one key per "Create key" however fast it is clicked; the organization as
 * owner only for its admins; every revoke asked first; the issuer's refusal shown in plain words.
 */
import { useTestHarness } from '@gatehouse/api-contract/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseOrganization, cleanupApp, renderApp, signInAs } from './support/render-app';
import { createTestApi } from './support/test-api';

const harness = useTestHarness();
afterEach(cleanupApp);

type Key = { id: string; subject: string; name: string; scopes: string[]; revoked: boolean };

/** The test API plus `/dev/auth/api-keys` in memory; `refuseRevoke` answers DELETEs as for a member. */
function apiWithKeys(keys: Key[] = []) {
  const api = createTestApi(harness);
  const sent: string[] = [];
  const state = { refuseRevoke: false };
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    if (!url.pathname.startsWith('/dev/auth/api-keys')) return api.fetch(input, init);
    const method = init?.method ?? 'GET';
    sent.push(`${method} ${url.pathname}`);
    if (method === 'GET') {
      return Response.json({ apiKeys: keys.filter((k) => k.subject === url.searchParams.get('subject')) });
    }
    if (method === 'DELETE') {
      if (state.refuseRevoke) {
        const error = { message: 'Only admins of Acme can revoke its keys', reason: 'not-an-admin' };
        return Response.json({ error }, { status: 403 });
      }
      for (const key of keys) if (url.pathname.endsWith(key.id)) key.revoked = true;
      return Response.json({ ok: true });
    }
    const body = JSON.parse(String(init?.body)) as Omit<Key, 'id' | 'revoked'>;
    keys.push({ ...body, id: `key_${keys.length + 1}`, revoked: false });
    return Response.json({ ...keys.at(-1), secret: `ak_secret_${keys.length}` });
  }) as typeof globalThis.fetch;
  return { api: { ...api, fetch }, sent, state };
}

async function openKeysAs(api: ReturnType<typeof apiWithKeys>['api'], persona: string) {
  renderApp('/api-keys', api);
  await signInAs(persona);
  await chooseOrganization('Acme');
  await screen.findByRole('list', { name: 'API keys' });
}

const ownerOptions = () =>
  [...screen.getByLabelText<HTMLSelectElement>('For').options].map((option) => option.text);

describe('local API keys', () => {
  it('creates one key for a double-click on "Create key"', async () => {
    const { api, sent } = apiWithKeys();
    await openKeysAs(api, 'Alice Admin');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Nightly' } });
    const create = screen.getByRole('button', { name: 'Create key' });
    fireEvent.click(create);
    fireEvent.click(create);
    await screen.findByTestId('new-api-key-secret');
    await api.settled();
    expect(sent.filter((request) => request.startsWith('POST'))).toHaveLength(1);
  });

  it('offers the organization as owner to its admins only', async () => {
    const { api } = apiWithKeys();
    await openKeysAs(api, 'Alice Admin');
    expect(ownerOptions()).toEqual(['Acme (organization)', 'Me (Alice Admin)']);
    await cleanupApp();

    const forBob = apiWithKeys([
      { id: 'key_1', subject: 'org_acme', name: 'Acme CI', scopes: [], revoked: false },
    ]);
    await openKeysAs(forBob.api, 'Bob Member');
    expect(ownerOptions()).toEqual(['Me (Bob Member)']);
    expect(screen.queryByText('Acme CI')).toBeNull();
    expect(screen.queryByRole('button', { name: /Revoke/ })).toBeNull();
  });

  it('asks before revoking, and shows a refusal plainly', async () => {
    const keys = [{ id: 'key_1', subject: 'org_acme', name: 'Acme CI', scopes: [], revoked: false }];
    const { api, sent, state } = apiWithKeys(keys);
    await openKeysAs(api, 'Alice Admin');
    await screen.findByText('Acme CI');
    fireEvent.click(screen.getByRole('button', { name: 'Revoke key “Acme CI”' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(sent.filter((request) => request.startsWith('DELETE'))).toEqual([]);

    state.refuseRevoke = true; // demoted meanwhile
    fireEvent.click(screen.getByRole('button', { name: 'Revoke key “Acme CI”' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      'Could not revoke the key. You are not allowed to do this (Only admins of Acme can revoke its keys).',
    );
    await waitFor(() => expect(sent.filter((r) => r.startsWith('DELETE'))).toHaveLength(1));
  });
});
