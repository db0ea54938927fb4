import { signedOutAuth } from '../signed-out';
import type { AuthObject } from '../types';
import type { AuthenticatorConfig } from './config';
import type { Credential } from './extract';
import type { JwksKeyStore } from './jwks-key-store';
import { VerifiedTokenCache } from './token-cache';
import { createTokenVerifier } from './verifier';

export interface AuthenticatorStats {
  /** Tokens that went through the full verification pipeline (cache misses). */
  verifications: number;
  cacheHits: number;
  /** Concurrent requests with the same uncached token that waited for one shared verification. */
  inFlightJoins: number;
}

export interface Authenticator {
  readonly stats: AuthenticatorStats;
  /** Present in JWKS mode. */
  readonly keyStore: JwksKeyStore | null;
  /** Cache, else full verification. Never rejects: failures are a signed-out auth with a reason. */
  authenticateToken(token: string): Promise<AuthObject>;
  /** For a credential from `extractCredential`: no credential → signed out with reason null. */
  authenticate(credential: Credential): Promise<AuthObject>;
}

const SIGNED_OUT = Object.freeze(signedOutAuth(null));
const INVALID_REQUEST = Object.freeze(signedOutAuth('invalid_request'));

/**
 * One authenticator per configuration: the verifier plus its verified-token cache. The API makes one
 * at start-up; the middleware calls it once per HTTP request, whatever the tRPC batch size.
 */
export function createAuthenticator(config: AuthenticatorConfig): Authenticator {
  const verifier = createTokenVerifier(config);
  const cache = new VerifiedTokenCache(config.cacheSize, config.clockSkewMs);
  const stats: AuthenticatorStats = { verifications: 0, cacheHits: 0, inFlightJoins: 0 };
  // A fresh token often arrives on several parallel requests at once (the SPA's queries after a
  // refresh): they share one verification instead of racing to do the same RSA work.
  const inFlight = new Map<string, Promise<AuthObject>>();

  async function verifyAndFill(key: string, token: string): Promise<AuthObject> {
    stats.verifications += 1;
    const result = await verifier.verify(token);
    if (!result.ok) return signedOutAuth(result.reason);
    cache.set(key, result.auth);
    return result.auth;
  }

  function authenticateToken(token: string): Promise<AuthObject> {
    const key = cache.keyFor(token);
    const hit = cache.get(key);
    if (hit) {
      stats.cacheHits += 1;
      return Promise.resolve(hit);
    }
    const shared = inFlight.get(key);
    if (shared) {
      stats.inFlightJoins += 1;
      return shared;
    }
    const verification = verifyAndFill(key, token).finally(() => inFlight.delete(key));
    inFlight.set(key, verification);
    return verification;
  }

  return {
    stats,
    keyStore: verifier.keyStore,
    authenticateToken,
    authenticate(credential) {
      if (credential.kind === 'none') return Promise.resolve(SIGNED_OUT);
      if (credential.kind === 'invalid') return Promise.resolve(INVALID_REQUEST);
      return authenticateToken(credential.token);
    },
  };
}
