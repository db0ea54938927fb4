/**
 * The organization select acts on a choice, not on browsing: Chromium fires `change` for each arrow
 * key on a closed select, which took keyboard users to "Create organization…" on their way past it.
 */
import { useTestHarness } from '@gatehouse/api-contract/testing';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupApp, currentLocation, renderApp, signInAs } from './support/render-app';
import { createTestApi } from './support/test-api';

const harness = useTestHarness();
afterEach(cleanupApp);

/** What Chromium does for an arrow key on the closed select: keydown, then change to the next option. */
function browseTo(select: HTMLSelectElement, value: string) {
  fireEvent.keyDown(select, { key: 'ArrowDown' });
  fireEvent.change(select, { target: { value } });
}

describe('the organization select and the keyboard', () => {
  it('browsing with the arrow keys changes nothing; Enter chooses; leaving puts the current one back', async () => {
    const { clerk } = renderApp('/notes', createTestApi(harness));
    await signInAs('Alice Admin');
    const select = screen.getByLabelText<HTMLSelectElement>('Organization');

    browseTo(select, 'org_acme');
    browseTo(select, 'action:create');
    expect(currentLocation()).toBe('/notes');
    expect(select.value).toBe('action:create'); // shown, not acted on
    fireEvent.blur(select);
    expect(select.value).toBe('');

    browseTo(select, 'org_acme');
    fireEvent.keyDown(select, { key: 'Enter' });
    await waitFor(() => expect(clerk.organization?.id).toBe('org_acme'));
    expect(currentLocation()).toBe('/notes');
  });

  it('a choice in the open list acts at once', async () => {
    renderApp('/notes', createTestApi(harness));
    await signInAs('Alice Admin');
    const select = screen.getByLabelText<HTMLSelectElement>('Organization');
    fireEvent.keyDown(select, { key: 'ArrowDown' });
    fireEvent.pointerDown(select);
    fireEvent.change(select, { target: { value: 'action:create' } });
    await waitFor(() => expect(currentLocation()).toBe('/create-organization'));
  });
});
