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
  it.each([
    ['/tasks', '/tasks'],
    ['/notes?x=1#top', '/notes?x=1#top'],
    [null, '/notes'],
    ['https://evil.example/', '/notes'],
    ['//evil.example/', '/notes'],
    ['/\\evil.example', '/notes'],
    ['javascript:alert(1)', '/notes'],
    ['/sign-in?redirect=/tasks', '/notes'],
  ])('%s → %s', (target, expected) => {
    expect(safeRedirect(target)).toBe(expected);
  });
});
