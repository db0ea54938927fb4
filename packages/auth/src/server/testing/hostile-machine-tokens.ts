import type { ClerkTestInstance } from './clerk-instance';
import type { HostileToken } from './hostile-tokens';
import { encodeSegment, signRs256 } from './raw-jwt';

/**
 * Machine JWTs an authenticator trusting `clerk` must refuse, each with its reason: M2M tokens
 * (`sub: mch_…`) and OAuth access tokens (`typ: at+jwt`) that are forged, bent into another kind, out
 * of time, or for another audience. `foreign` is the attacker's key pair; `now` anchors the times.
 * Assumes the defaults: 5 s skew, 1 h maximum lifetime, no OAuth audience configured.
 */
export function hostileMachineTokens(
  clerk: ClerkTestInstance,
  foreign: ClerkTestInstance,
  now = Math.floor(Date.now() / 1000),
): HostileToken[] {
  const m2m = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
    clerk.m2mToken({ issuedAt: now, scopes: ['reports:write'], claims }, header);
  const oauth = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
    clerk.oauthToken({ issuedAt: now, scopes: ['notes:read'], claims }, header);
  const [m2mHeader, , m2mSignature] = m2m().split('.');
  const m2mPayload = JSON.parse(Buffer.from(m2m().split('.')[1]!, 'base64url').toString());
  return [
    [
      'M2M JWT signed by a foreign key',
      foreign.m2mToken({ issuedAt: now }, { kid: clerk.kid }),
      'token-invalid-signature',
    ],
    [
      'M2M JWT with scopes swapped in under a valid signature',
      `${m2mHeader}.${encodeSegment({ ...m2mPayload, scopes: 'admin' })}.${m2mSignature}`,
      'token-invalid-signature',
    ],
    ['M2M JWT with a session category', m2m({}, { cat: 'cl_B7d4PD111AAA' }), 'token-invalid-header'],
    ['M2M JWT typed at+jwt (posing as OAuth)', m2m({}, { typ: 'at+jwt' }), 'token-invalid-header'],
    [
      'M2M JWT without typ',
      signRs256({ alg: 'RS256', kid: clerk.kid }, m2mPayload, clerk.privateKey),
      'token-invalid-header',
    ],
    ['M2M JWT RS512', m2m({}, { alg: 'RS512' }), 'token-invalid-algorithm'],
    [
      'M2M JWT naming its own key (jku)',
      m2m({}, { jku: 'https://evil.example/jwks.json' }),
      'token-invalid-header',
    ],
    ['M2M JWT expired', m2m({ iat: now - 120, exp: now - 60 }), 'token-expired'],
    ['M2M JWT not yet valid', m2m({ nbf: now + 600 }), 'token-not-active-yet'],
    ['M2M JWT living past the maximum', m2m({ exp: now + 7_200 }), 'token-lifetime-too-long'],
    ['M2M JWT without jti', m2m({ jti: undefined }), 'token-invalid-claims'],
    ['M2M JWT with scopes not a string', m2m({ scopes: ['admin'] }), 'token-invalid-claims'],
    [
      'OAuth JWT signed by a foreign key',
      foreign.oauthToken({ issuedAt: now }, { kid: clerk.kid }),
      'token-invalid-signature',
    ],
    [
      'OAuth JWT with an aud (none accepted)',
      oauth({ aud: 'https://other-api.example' }),
      'token-invalid-audience',
    ],
    ['OAuth JWT with an M2M category', oauth({}, { cat: 'cl_B7d4PD333AAA' }), 'token-invalid-header'],
    ['OAuth JWT expired', oauth({ iat: now - 120, exp: now - 60 }), 'token-expired'],
    // Typed as a plain JWT it is read as a session token, which it is not.
    ['OAuth JWT typed JWT', oauth({}, { typ: 'JWT' }), 'token-invalid-claims'],
    ['opaque API key too short to be Clerk’s', 'ak_short', 'token-invalid'],
    ['opaque M2M token with characters Clerk never uses', `mt_${'x'.repeat(30)}~~`, 'token-invalid'],
  ];
}
