import { generateKeyPairSync } from 'node:crypto';
import { createClerkTestInstance } from '@gatehouse/auth/testing';
import { describe, expect, it } from 'vitest';
import { authModeOf, clerkSettingsOf } from '../../src/auth/env';
import { loadEnv } from '../../src/env';
import { envProblemsOf } from '../support/env-problems';

const { publicKeyPem, issuer: ISSUER, publishableKey: PUBLISHABLE_KEY } = createClerkTestInstance();

const load = (vars: Record<string, string>) => loadEnv({ NODE_ENV: 'test', ...vars });
const problemsOf = (vars: Record<string, string>) => envProblemsOf({ NODE_ENV: 'test', ...vars });

describe('auth environment', () => {
  it('defaults to local mode with nothing set, and to clerk mode when a Clerk key variable is set', () => {
    expect(authModeOf(load({}))).toBe('local');
    expect(authModeOf(load({ CLERK_JWT_KEY: publicKeyPem, CLERK_ISSUER: ISSUER }))).toBe('clerk');
    expect(authModeOf(load({ CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY }))).toBe('clerk');
    expect(authModeOf(load({ AUTH_MODE: 'local', CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY }))).toBe('local');
    // an empty value counts as unset
    expect(authModeOf(load({ CLERK_JWT_KEY: '', CLERK_SECRET_KEY: '' }))).toBe('local');
  });

  it('refuses local mode in production, explicit or by default', () => {
    expect(problemsOf({ NODE_ENV: 'production', AUTH_MODE: 'local' })).toMatch(
      /AUTH_MODE: local mints tokens for anyone and is refused with NODE_ENV=production/,
    );
    expect(problemsOf({ NODE_ENV: 'production' })).toMatch(/NODE_ENV=production needs Clerk/);
    expect(problemsOf({ NODE_ENV: 'production', CLERK_JWT_KEY: publicKeyPem, CLERK_ISSUER: ISSUER })).toBe(
      '',
    );
  });

  it('derives issuer and JWKS URL from the publishable key', () => {
    expect(clerkSettingsOf(load({ CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY }))).toEqual({
      keySource: { kind: 'jwks', url: 'https://witty-owl-12.clerk.accounts.dev/.well-known/jwks.json' },
      issuer: ISSUER,
    });
  });

  it('prefers the networkless PEM, and an explicit issuer', () => {
    const settings = clerkSettingsOf(
      load({
        CLERK_PUBLISHABLE_KEY: PUBLISHABLE_KEY,
        CLERK_JWT_KEY: publicKeyPem.replace(/\n/g, '\\n'), // as often pasted into a .env file
        CLERK_ISSUER: 'https://clerk.example.com',
      }),
    );
    expect(settings).toEqual({
      keySource: { kind: 'pem', pem: publicKeyPem },
      issuer: 'https://clerk.example.com',
    });
  });

  it.each([
    [{ AUTH_MODE: 'clerk' }, /needs CLERK_JWT_KEY \(recommended\), CLERK_JWKS_URL or CLERK_PUBLISHABLE_KEY/],
    [{ CLERK_JWT_KEY: publicKeyPem }, /CLERK_ISSUER: required unless CLERK_PUBLISHABLE_KEY is set/],
    [{ CLERK_SECRET_KEY: 'sk_test_abc' }, /needs CLERK_JWT_KEY/],
    [
      { CLERK_JWT_KEY: 'not a pem', CLERK_ISSUER: ISSUER },
      /CLERK_JWT_KEY: Unsupported public key: not a PEM/,
    ],
    [
      {
        CLERK_JWT_KEY: generateKeyPairSync('rsa', { modulusLength: 4096 })
          .publicKey.export({ type: 'spki', format: 'pem' })
          .toString(),
        CLERK_ISSUER: ISSUER,
      },
      /RSA-2048 with exponent 65537/,
    ],
    [{ CLERK_JWKS_URL: 'http://clerk.example.com/jwks', CLERK_ISSUER: ISSUER }, /must be https:\/\//],
    [{ CLERK_PUBLISHABLE_KEY: 'pk_live_nope' }, /pk_test_… or pk_live_… key/],
    [{ CLERK_SECRET_KEY: 'secret' }, /sk_test_… or sk_live_…/],
    [{ AUTH_MODE: 'clerk-ish' }, /AUTH_MODE must be clerk or local/],
    [{ AUTH_TOKEN_CACHE_SIZE: '-1' }, /AUTH_TOKEN_CACHE_SIZE/],
    [{ AUTH_MAX_TOKEN_LIFETIME_S: '999999' }, /AUTH_MAX_TOKEN_LIFETIME_S/],
  ])('refuses %o with a clear message', (vars, message) => {
    expect(problemsOf(vars as Record<string, string>)).toMatch(message);
  });

  it('accepts plain http for a JWKS on localhost (tests, a local issuer)', () => {
    expect(
      problemsOf({
        CLERK_JWKS_URL: 'http://127.0.0.1:4000/dev/auth/.well-known/jwks.json',
        CLERK_ISSUER: ISSUER,
      }),
    ).toBe('');
  });
});
