import { randomBytes } from 'node:crypto';
import { findPersona, type Persona, ROLE_PERMISSIONS } from '../personas';
import type { SignedInAuth } from '../types';
import { authObjectFromClaims } from './claims';

/**
 * Clerk-shaped v2 session claims for the local issuer's personas. Kept apart from the signing so tests
 * (and `authObjectForPersona`) get the exact claims a real local token would carry.
 */

/** Stable `iss` of the local issuer: not a URL anyone could host. */
export const LOCAL_ISSUER = 'urn:gatehouse:local-issuer';
/** Clerk's default session token lifetime. */
export const LOCAL_TOKEN_LIFETIME_SECONDS = 60;
/** Clerk's default allowed clock skew, applied as `nbf = iat - 5`. */
const LOCAL_NOT_BEFORE_SKEW_SECONDS = 5;

export class UnknownPersonaError extends Error {
  constructor(readonly userId: string) {
    super(`No persona with id ${JSON.stringify(userId)}`);
    this.name = 'UnknownPersonaError';
  }
}

export class NotAMemberError extends Error {
  constructor(
    readonly userId: string,
    readonly orgId: string,
  ) {
    super(`${userId} is not a member of ${orgId}`);
    this.name = 'NotAMemberError';
  }
}

export function newSessionId(): string {
  return `sess_local_${randomBytes(12).toString('base64url')}`;
}

/**
 * Clerk v2 permission encoding: `fea` lists the org features (`o:tasks`), `o.per` the distinct actions,
 * and `o.fpm` one decimal bitmask per feature whose bit i grants action i. Decoded by Clerk's parser.
 */
export function encodeOrgPermissions(permissions: readonly string[]): {
  fea: string;
  per: string;
  fpm: string;
} {
  const features: string[] = [];
  const actions: string[] = [];
  const granted = new Set<string>();
  for (const permission of permissions) {
    const [scope, feature, action, ...rest] = permission.split(':');
    if (scope !== 'org' || !feature || !action || rest.length > 0) {
      throw new Error(`Not an org:<feature>:<action> permission: ${permission}`);
    }
    if (!features.includes(feature)) features.push(feature);
    if (!actions.includes(action)) actions.push(action);
    granted.add(`${feature}:${action}`);
  }
  const masks = features.map((feature) =>
    actions.reduce(
      (mask, action, bit) => (granted.has(`${feature}:${action}`) ? mask + 2n ** BigInt(bit) : mask),
      0n,
    ),
  );
  return {
    fea: features.map((feature) => `o:${feature}`).join(','),
    per: actions.join(','),
    fpm: masks.join(','),
  };
}

export interface LocalClaimsInput {
  persona: Persona;
  orgId?: string | null | undefined;
  sessionId: string;
  authorizedParty: string;
  issuer?: string;
  /** Epoch seconds; defaults to now. */
  issuedAt?: number;
}

export function localSessionClaims(input: LocalClaimsInput): Record<string, unknown> {
  const { persona, orgId, sessionId, authorizedParty } = input;
  const iat = input.issuedAt ?? Math.floor(Date.now() / 1000);
  const membership = orgId ? persona.memberships.find((m) => m.orgId === orgId) : undefined;
  if (orgId && !membership) throw new NotAMemberError(persona.userId, orgId);
  const org = membership
    ? (() => {
        const { fea, per, fpm } = encodeOrgPermissions(ROLE_PERMISSIONS[membership.role]);
        const rol = membership.role.replace(/^org:/, '');
        return { o: { id: membership.orgId, rol, slg: membership.orgSlug, per, fpm }, fea };
      })()
    : {};
  return {
    azp: authorizedParty,
    exp: iat + LOCAL_TOKEN_LIFETIME_SECONDS,
    fva: [0, -1],
    iat,
    iss: input.issuer ?? LOCAL_ISSUER,
    jti: randomBytes(10).toString('hex'),
    nbf: iat - LOCAL_NOT_BEFORE_SKEW_SECONDS,
    sid: sessionId,
    sts: 'active',
    sub: persona.userId,
    v: 2,
    metadata: { tier: persona.publicMetadata.tier },
    ...org,
  };
}

/**
 * The auth object a persona's local token would produce, without signing anything: for tests of code
 * that takes an auth object (`createInnerContext({ auth: authObjectForPersona('user_alice', 'org_acme') })`).
 */
export function authObjectForPersona(userId: string, orgId?: string | null): SignedInAuth {
  const persona = findPersona(userId);
  if (!persona) throw new UnknownPersonaError(userId);
  return authObjectFromClaims(
    localSessionClaims({
      persona,
      orgId,
      sessionId: newSessionId(),
      authorizedParty: 'http://localhost:5173',
    }),
  );
}
