import type { AuthFailureReason } from '../../types';
import type { ClerkTestInstance } from './clerk-instance';
import { encodeSegment, signHs256, signRs256 } from './raw-jwt';

export type HostileToken = [label: string, token: string, reason: AuthFailureReason];

/**
 * The attack suite's tokens, each with the reason a verifier trusting `clerk` must refuse it with: the
 * verifier's unit tests and the API's HTTP suites run the same list. `foreign` is the attacker's own key
 * pair; `now` (epoch seconds) anchors the time claims, for tests that set the clock.
 * Assumes the verifier's defaults: 5 s clock skew, 1 h maximum lifetime, no audience.
 */
export function hostileTokens(
  clerk: ClerkTestInstance,
  foreign: ClerkTestInstance,
  now = Math.floor(Date.now() / 1000),
): HostileToken[] {
  const claims = (bent: Record<string, unknown> = {}) => clerk.claims({ issuedAt: now, claims: bent });
  const sign = (bent: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
    clerk.token({ issuedAt: now, claims: bent }, header);
  const header = { alg: 'RS256', typ: 'JWT', kid: clerk.kid };
  const [validHeader, validPayload, validSignature] = sign().split('.');
  const swapped = (bent: Record<string, unknown>) =>
    `${validHeader}.${encodeSegment(claims(bent))}.${validSignature}`;
  return [
    // The algorithm: RS256 only, whatever the header claims.
    [
      'alg none, empty signature',
      `${encodeSegment({ alg: 'none', typ: 'JWT' })}.${validPayload}.`,
      'token-invalid',
    ],
    [
      'alg none, any signature',
      signRs256({ alg: 'none', typ: 'JWT' }, claims(), clerk.privateKey),
      'token-invalid-algorithm',
    ],
    [
      'HS256 keyed with the public key',
      signHs256({ alg: 'HS256', typ: 'JWT' }, claims(), clerk.publicKeyPem),
      'token-invalid-algorithm',
    ],
    ['RS512 (Clerk would allow it)', sign({}, { alg: 'RS512' }), 'token-invalid-algorithm'],
    // Header fields that would let the token choose its own key, or that we do not understand.
    [
      'embedded jwk (attacker key)',
      signRs256({ ...header, jwk: foreign.jwk }, claims(), foreign.privateKey),
      'token-invalid-header',
    ],
    [
      'jku pointing at the attacker',
      sign({}, { jku: 'https://evil.example/jwks.json' }),
      'token-invalid-header',
    ],
    ['x5u', sign({}, { x5u: 'https://evil.example/cert.pem' }), 'token-invalid-header'],
    ['x5c', sign({}, { x5c: ['MIIB'] }), 'token-invalid-header'],
    ['crit b64', sign({}, { crit: ['b64'], b64: false }), 'token-invalid-header'],
    ['crit exp', sign({}, { crit: ['exp'], exp: 1 }), 'token-invalid-header'],
    [
      'typ missing',
      signRs256({ alg: 'RS256', kid: clerk.kid }, claims(), clerk.privateKey),
      'token-invalid-header',
    ],
    ['typ JOSE', sign({}, { typ: 'JOSE' }), 'token-invalid-header'],
    // A session token typed as an OAuth access token (which a bare `at+jwt` JWT of the instance is).
    [
      'typ at+jwt on a session token (session category)',
      sign({}, { typ: 'at+jwt', cat: 'cl_B7d4PD111AAA' }),
      'token-invalid-header',
    ],
    ['kid of the wrong type', sign({}, { kid: 42 }), 'token-invalid-header'],
    ['machine token category', sign({}, { cat: 'cl_B7d4PD333AAA' }), 'token-invalid-header'],
    // The signature.
    ['signed by a foreign key', signRs256(header, claims(), foreign.privateKey), 'token-invalid-signature'],
    ['payload swapped under a valid signature', swapped({ sub: 'user_admin' }), 'token-invalid-signature'],
    [
      'org claims forged into a signed token',
      swapped({ o: { id: 'org_victim', rol: 'admin' } }),
      'token-invalid-signature',
    ],
    // Time.
    ['expired', sign({ iat: now - 120, exp: now - 60 }), 'token-expired'],
    ['not yet valid', sign({ nbf: now + 600 }), 'token-not-active-yet'],
    ['lifetime beyond the maximum', sign({ exp: now + 7200 }), 'token-lifetime-too-long'],
    // Claims.
    ['wrong iss', sign({ iss: 'https://evil.clerk.accounts.dev' }), 'token-invalid-issuer'],
    ['missing iss', sign({ iss: undefined }), 'token-invalid-issuer'],
    ['wrong azp', sign({ azp: 'https://evil.example' }), 'token-invalid-authorized-party'],
    ['missing azp', sign({ azp: undefined }), 'token-invalid-authorized-party'],
    ['an aud (a template minted for another API)', sign({ aud: 'other-api' }), 'token-invalid-audience'],
    ['missing sub', sign({ sub: undefined }), 'token-invalid-claims'],
    ['empty sub', sign({ sub: '' }), 'token-invalid-claims'],
    ['missing sid', sign({ sid: undefined }), 'token-invalid-claims'],
    ['missing iat', sign({ iat: undefined }), 'token-invalid-claims'],
    ['string exp', sign({ exp: String(now + 60) }), 'token-invalid-claims'],
    ['org id of the wrong type', sign({ o: { id: 42, rol: 'admin' } }), 'token-invalid-claims'],
    [
      'v1 permissions as a string',
      sign({ v: undefined, org_id: 'org_1', org_role: 'org:admin', org_permissions: 'org:tasks:delete' }),
      'token-invalid-claims',
    ],
    ['pending session', sign({ sts: 'pending' }), 'session-pending'],
    // Not a compact JWS of two JSON objects, or too large to be a session token.
    ['garbage', 'not-a-jwt', 'token-invalid'],
    ['two segments', 'aaaa.bbbb', 'token-invalid'],
    ['four segments', `${sign()}.extra`, 'token-invalid'],
    ['padding', `${sign()}=`, 'token-invalid'],
    [
      'standard base64 characters',
      `${validHeader}.${validPayload}.+/${validSignature!.slice(2)}`,
      'token-invalid',
    ],
    ['header not JSON', `bm90IGpzb24.${validPayload}.c2ln`, 'token-invalid'],
    ['header JSON null', `${encodeSegment(null)}.${validPayload}.c2ln`, 'token-invalid'],
    ['payload not JSON', `${encodeSegment(header)}.bm90IGpzb24.c2ln`, 'token-invalid'],
    ['payload JSON null', `${encodeSegment(header)}.${encodeSegment(null)}.c2ln`, 'token-invalid'],
    ['payload an array', `${encodeSegment(header)}.${encodeSegment([1])}.c2ln`, 'token-invalid'],
    ['oversized (9 KB)', sign({ padding: 'x'.repeat(9_000) }), 'token-invalid'],
  ];
}
