import { verifyMachineAuthToken } from '@clerk/backend/internal';
import type { AuthFailureReason } from '../types';
import { type FactsVerification, factsOf, type VerifiedResource } from './machine-auth';

export interface MachineJwtOptions {
  /** The instance's key for this token's `kid` (PEM), from the same key configuration as sessions. */
  pem: string;
  clockSkewMs: number;
  oauthAudience: readonly string[] | null;
}

/**
 * The SDK reports a refused machine JWT as `token-verification-failed` plus a message; after our
 * pre-checks (machine-token-format.ts) the signature is what is left to fail, else the message says.
 */
function reasonOf(message: string): AuthFailureReason {
  if (/signature/i.test(message)) return 'token-invalid-signature';
  if (/expired/i.test(message)) return 'token-expired';
  if (/audience/i.test(message)) return 'token-invalid-audience';
  return 'token-invalid';
}

/**
 * M2M and OAuth JWTs, verified networklessly by `verifyMachineAuthToken` (`@clerk/backend/internal`)
 * with `jwtKey`: it picks the form from the token (sub `mch_` → M2M, `typ: at+jwt` → OAuth), checks
 * the signature, `exp`/`nbf`/`iat` with skew and, for OAuth, `aud`. Internal to the SDK, hence pinned
 * by the catalog and by test/machine-verifier.test.ts.
 */
export async function verifyMachineJwt(
  token: string,
  tokenType: 'm2m_token' | 'oauth_token',
  { pem, clockSkewMs, oauthAudience }: MachineJwtOptions,
): Promise<FactsVerification> {
  let result: Awaited<ReturnType<typeof verifyMachineAuthToken>>;
  try {
    result = await verifyMachineAuthToken(token, {
      jwtKey: pem,
      clockSkewInMs: clockSkewMs,
      ...(tokenType === 'oauth_token' && oauthAudience ? { audience: [...oauthAudience] } : {}),
    });
  } catch {
    return { ok: false, reason: 'token-invalid' };
  }
  if (result.errors) return { ok: false, reason: reasonOf(result.errors[0].message) };
  if (result.tokenType !== tokenType) return { ok: false, reason: 'token-invalid-header' };
  // Both resources report `expiration` in ms when built from a JWT (`fromJwtPayload`).
  const verified = result.data as VerifiedResource & { expiration: number | null };
  return factsOf(tokenType, verified, verified.expiration);
}
