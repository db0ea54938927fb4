import { createCheckAuthorization } from '@clerk/shared/authorization';
import { __experimental_JWTPayloadToAuthObjectProperties as clerkClaimsToAuth } from '@clerk/shared/jwtPayloadParser';
import type { JwtPayload } from '@clerk/shared/types';
import type { AuthCheck, SignedInAuth } from '../types';

/**
 * Verified claims → auth object, interpreted by Clerk's own parser (`@clerk/shared` jwtPayloadParser,
 * the function `@clerk/backend`'s `signedInAuthObject` uses) and Clerk's own `has()`. Both are exported
 * but not semver-promised, so the catalog pins the version and test/claims.test.ts pins the behaviour.
 *
 * What we add: the parser trusts types (a string `org_permissions` would make `has()` a substring
 * match), so every org claim is type-checked first and a token that breaks the shape is refused rather
 * than half-read. And a JWT template's custom `organization_id` claim is accepted as the org id.
 */
export class InvalidClaimsError extends Error {
  constructor(detail: string) {
    super(`Invalid session claims: ${detail}`);
    this.name = 'InvalidClaimsError';
  }
}

type Claims = Readonly<Record<string, unknown>>;

const isString = (value: unknown): value is string => typeof value === 'string';
const isOptionalString = (value: unknown) => value === undefined || isString(value);
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** `fpm` is a comma list of decimal bitmasks; Clerk's parser silently drops anything else. */
const FEATURE_PERMISSION_MAP = /^\s*\d+\s*(,\s*\d+\s*)*$/;

function checkV2Org(claims: Claims): void {
  if (!isOptionalString(claims.fea)) throw new InvalidClaimsError('fea must be a string');
  if (!isOptionalString(claims.pla)) throw new InvalidClaimsError('pla must be a string');
  if (claims.o === undefined) return;
  const org = claims.o;
  if (!isPlainObject(org)) throw new InvalidClaimsError('o must be an object');
  if (!isString(org.id) || org.id === '') throw new InvalidClaimsError('o.id must be a non-empty string');
  for (const key of ['rol', 'slg', 'per', 'fpm'] as const) {
    if (!isOptionalString(org[key])) throw new InvalidClaimsError(`o.${key} must be a string`);
  }
  if (isString(org.fpm) && org.fpm !== '' && !FEATURE_PERMISSION_MAP.test(org.fpm)) {
    throw new InvalidClaimsError('o.fpm must list decimal bitmasks');
  }
}

function checkV1Org(claims: Claims): void {
  for (const key of ['org_id', 'org_role', 'org_slug'] as const) {
    if (!isOptionalString(claims[key])) throw new InvalidClaimsError(`${key} must be a string`);
  }
  const permissions = claims.org_permissions;
  if (permissions !== undefined && !(Array.isArray(permissions) && permissions.every(isString))) {
    throw new InvalidClaimsError('org_permissions must be an array of strings');
  }
  const hasOrgId = claims.org_id !== undefined || claims.organization_id !== undefined;
  if (!hasOrgId && (claims.org_role ?? claims.org_slug ?? permissions) !== undefined) {
    throw new InvalidClaimsError('org claims without org_id');
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Builds the signed-in auth object from already VERIFIED claims (the verifier calls it after the
 * signature and every check passed). Exported so tests and tools can build a realistic auth object:
 * `authObjectFromClaims({ sub, sid, exp, v: 2, o: { id, rol, … } })`. Throws `InvalidClaimsError`.
 * The claims object is frozen in place: cached auth objects are shared between requests.
 */
export function authObjectFromClaims(claims: Record<string, unknown>): SignedInAuth {
  const { sub, sid, exp, v } = claims;
  if (!isString(sub) || sub === '') throw new InvalidClaimsError('sub must be a non-empty string');
  if (!isString(sid) || sid === '') throw new InvalidClaimsError('sid must be a non-empty string');
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new InvalidClaimsError('exp must be a number');
  if (v === 2) checkV2Org(claims);
  else if (v === undefined || v === 1) checkV1Org(claims);
  else throw new InvalidClaimsError(`unknown claims version ${JSON.stringify(v)}`);
  if (!isOptionalString(claims.organization_id) || claims.organization_id === '') {
    throw new InvalidClaimsError('organization_id must be a non-empty string');
  }

  let parsed: ReturnType<typeof clerkClaimsToAuth>;
  try {
    parsed = clerkClaimsToAuth(claims as unknown as JwtPayload);
  } catch (error) {
    // e.g. a `fea` element without its `o:`/`u:` scope makes Clerk's splitByScope throw
    throw new InvalidClaimsError(error instanceof Error ? error.message : 'unparseable org claims');
  }

  const templateOrgId = claims.organization_id as string | undefined;
  if (parsed.orgId && templateOrgId && parsed.orgId !== templateOrgId) {
    throw new InvalidClaimsError('organization_id contradicts the session organization');
  }
  const orgId = parsed.orgId || templateOrgId || null;
  const orgPermissions = Object.freeze([...((parsed.orgPermissions as string[] | undefined) ?? [])]);
  const orgRole = orgId ? (parsed.orgRole ?? null) : null;
  const { factorVerificationAge } = parsed;
  const features = isString(claims.fea) ? claims.fea : '';
  const plans = isString(claims.pla) ? claims.pla : '';
  // Clerk's checker is made per `has()` call rather than held: auth objects live in the verified-token
  // cache, and a held checker (with its options) was a fifth of each entry's memory.
  const has = (check: AuthCheck) =>
    createCheckAuthorization({
      userId: sub,
      orgId,
      orgRole,
      orgPermissions: orgPermissions as string[],
      factorVerificationAge,
      features,
      plans,
    })(check);

  return Object.freeze({
    tokenType: 'session_token' as const,
    isAuthenticated: true as const,
    userId: sub,
    sessionId: sid,
    orgId,
    orgRole,
    orgSlug: orgId ? (parsed.orgSlug ?? null) : null,
    orgPermissions,
    claims: deepFreeze(claims),
    expiresAt: exp,
    has,
  } satisfies SignedInAuth);
}
