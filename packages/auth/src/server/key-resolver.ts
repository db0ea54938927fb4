import type { AuthFailureReason } from '../types';
import type { KeySource } from './config';
import { JwksKeyStore } from './jwks-key-store';

export type KeyResult = { ok: true; pem: string } | { ok: false; reason: AuthFailureReason };

/**
 * The signing key for a token's `kid`, from the one key configuration both session and machine JWTs
 * are verified against (Clerk signs both with the instance key): the PEM, or the JWKS key store.
 */
export interface KeyResolver {
  resolve(kid: unknown): KeyResult | Promise<KeyResult>;
  /** Present in JWKS mode, for observability and tests. */
  readonly keyStore: JwksKeyStore | null;
}

export function createKeyResolver(keySource: KeySource): KeyResolver {
  if (keySource.kind === 'pem') {
    const key: KeyResult = { ok: true, pem: keySource.pem };
    return { resolve: () => key, keyStore: null };
  }
  const keyStore = new JwksKeyStore(keySource);
  return {
    // JWKS mode needs a `kid` to pick the key; the header pre-checks already refused a non-string one.
    resolve: (kid) =>
      typeof kid === 'string' && kid !== ''
        ? keyStore.getKey(kid)
        : { ok: false, reason: 'token-invalid-header' },
    keyStore,
  };
}
