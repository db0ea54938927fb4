import { describe, expect, it } from 'vitest';
import { parseWebEnv } from '../src/config-schema';
import { safeRedirect } from '../src/routes/redirect';

describe('SPA configuration', () => {
  it('defaults to local mode against http://localhost:4000; blank values count as unset', () => {
    expect(parseWebEnv({ VITE_CLERK_PUBLISHABLE_KEY: '', MODE: 'production' })).toEqual({
      VITE_API_URL: 'http://localhost:4000',
    });
  });

  it('takes a Clerk key and a JWT template', () => {
    const env = parseWebEnv({
      VITE_API_URL: 'https://api.example.com',
      VITE_CLERK_PUBLISHABLE_KEY: 'pk_test_Y2xlcmsuZXhhbXBsZS5jb20k',
      VITE_CLERK_TOKEN_TEMPLATE: 'gatehouse-api',
    });
    expect(env.VITE_CLERK_TOKEN_TEMPLATE).toBe('gatehouse-api');
  });

  it.each([
    [{ VITE_API_URL: 'localhost:4000' }, /VITE_API_URL: must be the API’s http\(s\) URL/],
    [{ VITE_CLERK_PUBLISHABLE_KEY: 'sk_test_secret' }, /VITE_CLERK_PUBLISHABLE_KEY: must look like pk_test_/],
    [
      { VITE_CLERK_TOKEN_TEMPLATE: 'two words' },
      /VITE_CLERK_TOKEN_TEMPLATE: must be a Clerk JWT template name/,
    ],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => parseWebEnv(env)).toThrow(message);
  });
});

describe('redirect after sign-in', () => {
  const origin = 'http://localhost:5173';
  it.each([
    ['/tasks', '/tasks'],
    ['/notes?x=1#top', '/notes?x=1#top'],
    [`${origin}/tasks?a=1`, '/tasks?a=1'],
    ['/%09/example.com', '/%09/example.com'],
    ['/%2F%2Fexample.com', '/%2F%2Fexample.com'],
    [null, '/notes'],
    ['', '/notes'],
    ['https://evil.example/', '/notes'],
    ['//evil.example/', '/notes'],
    ['/\\evil.example', '/notes'],
    ['\\\\evil.example', '/notes'],
    ['/\t/evil.example', '/notes'],
    ['/\n/evil.example', '/notes'],
    ['/\r\n/evil.example', '/notes'],
    ['\t//evil.example', '/notes'],
    ['/.//evil.example', '/notes'],
    ['/%2e//evil.example', '/notes'],
    ['/a/..//evil.example', '/notes'],
    ['http://localhost:5174/tasks', '/notes'],
    ['javascript:alert(1)', '/notes'],
    ['/sign-in?redirect=/tasks', '/notes'],
    ['/sign-up/verify', '/notes'],
    ['/./sign-in', '/notes'],
  ])('%j → %s', (target, expected) => {
    expect(safeRedirect(target, origin)).toBe(expected);
  });

  it('takes the page’s own origin by default', () => {
    expect(safeRedirect('/tasks')).toBe('/tasks');
    expect(safeRedirect(`${window.location.origin}/tasks`)).toBe('/tasks');
  });
});
