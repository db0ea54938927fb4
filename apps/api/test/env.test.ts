import { describe, expect, it } from 'vitest';
import { loadEnv } from '../src/env';
import { envProblemsOf as problemsOf } from './support/env-problems';

describe('the API environment', () => {
  it('treats an empty value as unset: the default, never a number coerced from ""', () => {
    const defaults = loadEnv({});
    const empty = loadEnv({
      PORT: '',
      RATE_LIMIT_MAX: '',
      RATE_LIMIT_AUTH_FAILURE_MAX: '',
      DATABASE_STATEMENT_TIMEOUT_MS: '',
      AUTH_TOKEN_CACHE_SIZE: '',
      METRICS_TOKEN: '',
    });
    expect(empty.PORT).toBe(4000);
    expect(empty.RATE_LIMIT_MAX).toBe(defaults.RATE_LIMIT_MAX);
    expect(empty.RATE_LIMIT_AUTH_FAILURE_MAX).toBe(defaults.RATE_LIMIT_AUTH_FAILURE_MAX);
    expect(empty.DATABASE_STATEMENT_TIMEOUT_MS).toBe(defaults.DATABASE_STATEMENT_TIMEOUT_MS);
    expect(empty.AUTH_TOKEN_CACHE_SIZE).toBe(defaults.AUTH_TOKEN_CACHE_SIZE);
    expect(empty.METRICS_TOKEN).toBeUndefined();
    // Blank is empty too: a space left after `=` does not turn the rate limit off.
    expect(loadEnv({ RATE_LIMIT_MAX: ' ', PORT: '\t' })).toMatchObject({
      RATE_LIMIT_MAX: defaults.RATE_LIMIT_MAX,
      PORT: 4000,
    });
  });

  it('accepts CORS_ORIGINS only as a list of origins, named in the error', () => {
    expect(loadEnv({ CORS_ORIGINS: 'http://localhost:5173, https://app.example.com' }).CORS_ORIGINS).toEqual([
      'http://localhost:5173',
      'https://app.example.com',
    ]);
    for (const wrong of ['notaurl', 'localhost:5173', 'http://localhost:5173/', 'ftp://files.example', ',']) {
      expect(problemsOf({ CORS_ORIGINS: wrong }), wrong).toMatch(/^Invalid environment:\n {2}CORS_ORIGINS/);
    }
  });
});
