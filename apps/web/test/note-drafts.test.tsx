/**
 * Unsaved note text survives an organization switch (the screen remounts on a fresh cache, but notes
 * are the same in every organization), for the same user only, and goes once saved or cancelled.
 */
import { useTestHarness } from '@gatehouse/api-contract/testing';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseOrganization, cleanupApp, renderApp, signInAs } from './support/render-app';
import { createTestApi } from './support/test-api';

const harness = useTestHarness();
afterEach(async () => {
  await cleanupApp();
  sessionStorage.clear();
});

const field = (label: string) => screen.getByLabelText<HTMLInputElement | HTMLTextAreaElement>(label);
const type = (label: string, value: string) => fireEvent.change(field(label), { target: { value } });

/** Alice with one saved note, its editor open with a changed body, and a new note half written. */
async function aliceWithDrafts() {
  const api = createTestApi(harness);
  renderApp('/notes', api);
  await signInAs('Alice Admin');
  type('Title', 'Shopping');
  type('Body', 'milk');
  fireEvent.click(screen.getByRole('button', { name: 'Add note' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Edit note “Shopping”' }));
  type('Edit body', 'milk and eggs');
  type('Title', 'Half a title');
  type('Body', 'half a thought');
  return api;
}

describe('note drafts', () => {
  it('keeps the add form and an open editor through an organization switch and back', async () => {
    await aliceWithDrafts();
    await chooseOrganization('Acme');
    expect((await screen.findByLabelText<HTMLTextAreaElement>('Edit body')).value).toBe('milk and eggs');
    expect(field('Edit title').value).toBe('Shopping');
    expect(field('Title').value).toBe('Half a title');
    expect(field('Body').value).toBe('half a thought');

    type('Edit body', 'milk, eggs and bread');
    await chooseOrganization('Personal');
    expect((await screen.findByLabelText<HTMLTextAreaElement>('Edit body')).value).toBe(
      'milk, eggs and bread',
    );
    expect(field('Title').value).toBe('Half a title');
  });

  it('keeps them through a remount of the whole app in the same tab (a reload)', async () => {
    const api = await aliceWithDrafts();
    cleanup();
    renderApp('/notes', api);
    await signInAs('Alice Admin');
    expect((await screen.findByLabelText<HTMLTextAreaElement>('Edit body')).value).toBe('milk and eggs');
    expect(field('Title').value).toBe('Half a title');
  });

  it('forgets a draft once saved, cancelled or emptied', async () => {
    await aliceWithDrafts();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByLabelText('Edit body')).toBeNull());
    expect(await screen.findByText('milk and eggs')).toBeTruthy();
    type('Title', '');
    type('Body', '');
    fireEvent.click(screen.getByRole('button', { name: 'Edit note “Shopping”' }));
    type('Edit body', 'changed my mind');
    fireEvent.keyDown(field('Edit body'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByLabelText('Edit body')).toBeNull());

    await chooseOrganization('Acme');
    await screen.findByRole('button', { name: 'Edit note “Shopping”' });
    expect(screen.queryByLabelText('Edit body')).toBeNull();
    expect(field('Title').value).toBe('');
    expect(field('Body').value).toBe('');
    expect(sessionStorage.length).toBe(0);
  });

  it('never shows one user’s draft to another who signs in on the same tab', async () => {
    await aliceWithDrafts();
    await chooseOrganization('Acme');
    expect((await screen.findByLabelText<HTMLInputElement>('Title')).value).toBe('Half a title');
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await signInAs('Dave Globex');
    await screen.findByText('No notes yet. Write the first one above.');
    expect(field('Title').value).toBe('');
    expect(field('Body').value).toBe('');
    expect(screen.queryByText(/Half a title|half a thought|milk/)).toBeNull();
    // …and the first user's drafts are gone from the tab, not just hidden.
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('half a thought');
  });
});
