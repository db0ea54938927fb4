import type { KeyObject } from 'node:crypto';
import { encodeSegment, SESSION_TOKEN_HEADER as HEADER, signHs256, signRs256 } from '@gatehouse/auth/testing';

/**
 * The hostile tokens of the attack suite, each with the 401 reason it must get. Built from the API's
 * trusted key, a foreign key, and valid claims (`claims`) the cases bend one way each.
 */
export interface AttackKeys {
  keys: { privateKey: KeyObject; publicKeyPem: string };
  foreign: { privateKey: KeyObject };
  claims: (overrides?: Record<string, unknown>) => Record<string, unknown>;
}

export function hostileTokens({
  keys,
  foreign,
  claims,
}: AttackKeys): Array<[label: string, token: string, reason: string]> {
  const sign = (overrides: Record<string, unknown> = {}, header: object = HEADER) =>
    signRs256(header, claims(overrides), keys.privateKey);
  const [validHeader, , validSignature] = sign().split('.');
  return [
    [
      'alg none, empty signature',
      `${encodeSegment({ alg: 'none', typ: 'JWT' })}.${encodeSegment(claims())}.`,
      'token-invalid',
    ],
    [
      'alg none, any signature',
      signRs256({ alg: 'none', typ: 'JWT' }, claims(), keys.privateKey),
      'token-invalid-algorithm',
    ],
    [
      'HS256 keyed with the public key',
      signHs256({ alg: 'HS256', typ: 'JWT' }, claims(), keys.publicKeyPem),
      'token-invalid-algorithm',
    ],
    ['signed by a foreign key', signRs256(HEADER, claims(), foreign.privateKey), 'token-invalid-signature'],
    [
      'payload swapped under a valid signature',
      `${validHeader}.${encodeSegment(claims({ sub: 'user_admin' }))}.${validSignature}`,
      'token-invalid-signature',
    ],
    [
      'org claims forged into a signed token',
      `${validHeader}.${encodeSegment(claims({ o: { id: 'org_victim', rol: 'admin' } }))}.${validSignature}`,
      'token-invalid-signature',
    ],
    [
      'embedded jwk (attacker key)',
      signRs256(
        { ...HEADER, jwk: foreign.privateKey.export({ format: 'jwk' }) },
        claims(),
        foreign.privateKey,
      ),
      'token-invalid-header',
    ],
    [
      'jku pointing at the attacker',
      sign({}, { ...HEADER, jku: 'https://evil.example/jwks.json' }),
      'token-invalid-header',
    ],
    ['x5u', sign({}, { ...HEADER, x5u: 'https://evil.example/cert.pem' }), 'token-invalid-header'],
    ['crit', sign({}, { ...HEADER, crit: ['b64'], b64: false }), 'token-invalid-header'],
    ['typ other than JWT', sign({}, { ...HEADER, typ: 'JOSE' }), 'token-invalid-header'],
    [
      'expired',
      sign({ iat: Math.floor(Date.now() / 1000) - 120, exp: Math.floor(Date.now() / 1000) - 60 }),
      'token-expired',
    ],
    ['not yet valid', sign({ nbf: Math.floor(Date.now() / 1000) + 600 }), 'token-not-active-yet'],
    [
      'lifetime beyond the maximum',
      sign({ exp: Math.floor(Date.now() / 1000) + 7200 }),
      'token-lifetime-too-long',
    ],
    ['wrong iss', sign({ iss: 'https://evil.clerk.accounts.dev' }), 'token-invalid-issuer'],
    ['wrong azp', sign({ azp: 'https://evil.example' }), 'token-invalid-authorized-party'],
    ['an aud (a template minted for another API)', sign({ aud: 'other-api' }), 'token-invalid-audience'],
    ['empty sub', sign({ sub: '' }), 'token-invalid-claims'],
    ['no sid', sign({ sid: undefined }), 'token-invalid-claims'],
    ['org id of the wrong type', sign({ o: { id: 42, rol: 'admin' } }), 'token-invalid-claims'],
    [
      'v1 permissions as a string',
      sign({ v: undefined, org_id: 'org_1', org_role: 'org:admin', org_permissions: 'org:tasks:delete' }),
      'token-invalid-claims',
    ],
    ['pending session', sign({ sts: 'pending' }), 'session-pending'],
    ['garbage', 'not-a-jwt', 'token-invalid'],
    ['two segments', 'aaaa.bbbb', 'token-invalid'],
    ['header JSON null', `${encodeSegment(null)}.${encodeSegment(claims())}.c2ln`, 'token-invalid'],
    ['payload not JSON', `${encodeSegment(HEADER)}.bm90IGpzb24.c2ln`, 'token-invalid'],
    ['oversized (9 KB)', sign({ padding: 'x'.repeat(9_000) }), 'token-invalid'],
  ];
}
