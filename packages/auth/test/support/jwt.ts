import type { AuthenticatorConfig } from '../../src/server';
import {
  encodeSegment,
  generateSigningKeys,
  SESSION_TOKEN_HEADER,
  type SigningKeys,
  signHs256,
  signRs256,
  sessionClaims as validSessionClaims,
} from '../../src/server/testing';

export { encodeSegment, signHs256, signRs256 };
export type TestKeys = SigningKeys;
export const generateTestKeys = generateSigningKeys;

export const ISSUER = 'https://witty-owl-12.clerk.accounts.dev';
export const AZP = 'http://localhost:5173';
export const HEADER = SESSION_TOKEN_HEADER;

/** Valid v2 session claims relative to now; override any of them. */
export function sessionClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return validSessionClaims({
    issuer: ISSUER,
    authorizedParty: AZP,
    overrides: { sid: 'sess_test_1', ...overrides },
  });
}

export function testConfig(
  keys: TestKeys,
  overrides: Partial<AuthenticatorConfig> = {},
): AuthenticatorConfig {
  return {
    keySource: { kind: 'pem', pem: keys.publicKeyPem },
    issuer: ISSUER,
    authorizedParties: [AZP],
    audience: null,
    clockSkewMs: 5_000,
    maxTokenLifetimeSeconds: 3_600,
    cacheSize: 100,
    ...overrides,
  };
}
