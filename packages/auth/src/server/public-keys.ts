import { createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * `verifyToken`'s `jwtKey` path turns a PEM into a JWK by cutting the fixed RSA-2048 SPKI prefix and the
 * `IDAQAB` (e = 65537) suffix out of the PEM text, so only that key shape works there. Every key we hand
 * it (from `CLERK_JWT_KEY`, a JWKS or the local issuer) goes through here: parsed by node:crypto, checked
 * for that shape, and re-exported as canonical PEM (which also undoes `\n`-escaped env values).
 */
export class UnsupportedKeyError extends Error {
  constructor(detail: string) {
    super(`Unsupported public key: ${detail}`);
    this.name = 'UnsupportedKeyError';
  }
}

function canonicalPem(key: KeyObject): string {
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType !== 'rsa') throw new UnsupportedKeyError('expected an RSA key');
  if (details?.modulusLength !== 2048 || details.publicExponent !== 65_537n) {
    throw new UnsupportedKeyError('expected RSA-2048 with exponent 65537 (what Clerk issues)');
  }
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

/** A PEM public key (SPKI, as the Clerk dashboard shows it), possibly with `\n` escapes, → canonical PEM. */
export function publicKeyPemFromPem(pem: string): string {
  let key: KeyObject;
  try {
    key = createPublicKey(pem.replace(/\\n/g, '\n').trim());
  } catch {
    throw new UnsupportedKeyError('not a PEM public key');
  }
  return canonicalPem(key);
}

/** A JWK from a JWKS → canonical PEM, or an error when it is not an RS256 signing key we can use. */
export function publicKeyPemFromJwk(jwk: Record<string, unknown>): string {
  if (jwk.kty !== 'RSA') throw new UnsupportedKeyError('kty must be RSA');
  if (jwk.use !== undefined && jwk.use !== 'sig') throw new UnsupportedKeyError('use must be sig');
  if (jwk.alg !== undefined && jwk.alg !== 'RS256') throw new UnsupportedKeyError('alg must be RS256');
  if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string')
    throw new UnsupportedKeyError('n and e required');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e } satisfies JsonWebKey, format: 'jwk' });
  } catch {
    throw new UnsupportedKeyError('malformed RSA JWK');
  }
  return canonicalPem(key);
}

/** A new private key of the one shape the `jwtKey` path accepts: RSA-2048, e = 65537 (as Clerk issues). */
export function generateSigningKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65_537 }).privateKey;
}

/** The public half of a signing key as a JWKS entry, the way Clerk's JWKS (and the local issuer's) list it. */
export function signingJwk(key: KeyObject, kid: string): JsonWebKey & { kid: string } {
  return { ...createPublicKey(key).export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}
