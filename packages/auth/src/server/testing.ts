import { createHmac, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

/**
 * Test and benchmark support (`@gatehouse/auth/testing`), never imported by app code: a Clerk-like
 * signing key and hand-rolled JWT signing, so tests can build the malformed and hostile tokens no JWT
 * library would produce, and run the API in Clerk mode with a key of their own (`CLERK_JWT_KEY`).
 */
export interface SigningKeys {
  privateKey: KeyObject;
  /** SPKI PEM, the shape of Clerk's "JWT public key": pass as CLERK_JWT_KEY. */
  publicKeyPem: string;
}

/** RSA-2048, e = 65537: the only shape `verifyToken`'s `jwtKey` path accepts (as Clerk issues). */
export function generateSigningKeys(): SigningKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicExponent: 65_537,
  });
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export const encodeSegment = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** RS256 over any header and payload, as given (nothing added, nothing checked). */
export function signRs256(header: unknown, payload: unknown, privateKey: KeyObject): string {
  const signingInput = `${encodeSegment(header)}.${encodeSegment(payload)}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url')}`;
}

/** HS256 keyed with `secret`: the classic "public key as HMAC secret" algorithm-confusion forgery. */
export function signHs256(header: unknown, payload: unknown, secret: string): string {
  const signingInput = `${encodeSegment(header)}.${encodeSegment(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

export const SESSION_TOKEN_HEADER = { alg: 'RS256', typ: 'JWT', kid: 'ins_test' } as const;

export interface SessionClaimsInput {
  issuer: string;
  /** The `azp` (browser origin). */
  authorizedParty: string;
  /** Epoch seconds; default now. */
  issuedAt?: number;
  /** Merged last: override or remove (`undefined`) any claim. */
  overrides?: Record<string, unknown>;
}

/** Valid Clerk v2 session claims (60 s), without an org unless `overrides` adds `o`. */
export function sessionClaims({ issuer, authorizedParty, issuedAt, overrides }: SessionClaimsInput) {
  const iat = issuedAt ?? Math.floor(Date.now() / 1000);
  return {
    azp: authorizedParty,
    exp: iat + 60,
    fva: [0, -1],
    iat,
    iss: issuer,
    nbf: iat - 5,
    sid: `sess_test_${iat}`,
    sts: 'active',
    sub: 'user_test',
    v: 2,
    ...overrides,
  } as Record<string, unknown>;
}
