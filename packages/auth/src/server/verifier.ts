import { verifyToken } from '@clerk/backend';
import type { AuthFailureReason, SignedInAuth } from '../types';
import { authObjectFromClaims } from './claims';
import { reasonFromClerkError } from './clerk-errors';
import type { VerifierConfig } from './config';
import type { JwksKeyStore } from './jwks-key-store';
import { createKeyResolver, type KeyResolver } from './key-resolver';
import { checkHeader, checkPayload } from './prechecks';
import { type DecodedToken, decodeToken } from './token-format';

export type Verification = { ok: true; auth: SignedInAuth } | { ok: false; reason: AuthFailureReason };

export interface TokenVerifier {
  /** `decoded`: the token already decoded by the caller (the authenticator decodes once to route it). */
  verify(token: string, decoded?: DecodedToken): Promise<Verification>;
  /** Present in JWKS mode, for observability and tests. */
  readonly keyStore: JwksKeyStore | null;
}

/**
 * The verification pipeline, one token at a time:
 * shape → header/payload pre-checks → key for `kid` → `verifyToken` (signature, `azp`, `iss`, `aud`,
 * `exp`/`nbf`/`iat` with skew) → `sts: pending` → claims → auth object. Never throws.
 */
export function createTokenVerifier(
  config: VerifierConfig,
  keys: KeyResolver = createKeyResolver(config.keySource),
): TokenVerifier {
  const precheckOptions = {
    audience: config.audience,
    maxTokenLifetimeSeconds: config.maxTokenLifetimeSeconds,
  };
  const clerkOptions = {
    authorizedParties: [...config.authorizedParties],
    issuer: config.issuer,
    clockSkewInMs: config.clockSkewMs,
    ...(config.audience ? { audience: [...config.audience] } : {}),
  };

  async function verify(token: string, known?: DecodedToken): Promise<Verification> {
    const decoded = known ? { ok: true as const, token: known } : decodeToken(token);
    if (!decoded.ok) return decoded;
    const { header, payload } = decoded.token;
    const structural = checkHeader(header) ?? checkPayload(payload, precheckOptions);
    if (structural) return { ok: false, reason: structural };

    const resolving = keys.resolve(header.kid);
    // PEM mode answers at once: no await, no extra turn of the microtask queue on every miss.
    const key = resolving instanceof Promise ? await resolving : resolving;
    if (!key.ok) return key;

    let verified: Record<string, unknown>;
    try {
      verified = (await verifyToken(token, { ...clerkOptions, jwtKey: key.pem })) as Record<string, unknown>;
    } catch (error) {
      return { ok: false, reason: reasonFromClerkError(error) };
    }
    // Clerk's default: a session with unfinished tasks (e.g. choose an org) is not signed in yet.
    if (verified.sts === 'pending') return { ok: false, reason: 'session-pending' };
    try {
      return { ok: true, auth: authObjectFromClaims(verified) };
    } catch {
      // InvalidClaimsError by design; anything else would be a parser bug: still the token's fault.
      return { ok: false, reason: 'token-invalid-claims' };
    }
  }

  return { verify, keyStore: keys.keyStore };
}
