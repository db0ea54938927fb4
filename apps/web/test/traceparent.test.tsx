/**
 * The SPA's own tRPC client (ApiProvider) sends a fresh W3C `traceparent` with every API request, so
 * the API's trace of each one carries an id the browser chose (docs/observability.md).
 */
import { useTestHarness } from '@gatehouse/api-contract/testing';
import { screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { chooseOrganization, cleanupApp, renderApp, signInAs } from './support/render-app';
import { createTestApi } from './support/test-api';

const harness = useTestHarness();
afterEach(cleanupApp);

it('sends a fresh, sampled traceparent with every tRPC request', async () => {
  const api = createTestApi(harness);
  const sent: Array<{ path: string; traceparent: string | null }> = [];
  const apiFetch = api.fetch;
  api.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const { pathname } = new URL(request.url);
    if (pathname.startsWith('/trpc/'))
      sent.push({ path: pathname, traceparent: request.headers.get('traceparent') });
    return apiFetch(input, init);
  }) as typeof fetch;

  renderApp('/tasks', api);
  await signInAs('Alice Admin');
  await chooseOrganization('Acme');
  expect(await screen.findByText(/No tasks in Acme yet/)).toBeTruthy();

  const queries = sent.filter(({ path }) => !path.includes('onChange'));
  expect(queries.length).toBeGreaterThan(1);
  for (const { traceparent } of queries) expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  const traceIds = queries.map(({ traceparent }) => traceparent!.split('-')[1]);
  expect(new Set(traceIds).size).toBe(traceIds.length);
});
