/**
 * The claims of a Clerk v2 session token, written once: the local issuer signs them, tests and the bench
 * sign them with keys of their own, and test callers turn them into auth objects without signing. What a
 * Clerk session token carries: `sub`, `sid`, `sts`, `v: 2`, `azp` (the browser origin), `iss`, `iat`,
 * `nbf`, `exp`, `fva` (factor verification ages), the active organization as `o: { id, rol, slg, per,
 * fpm }` with its features in `fea`, the Clerk Billing plans in `pla` (and their features in `fea`), and
 * whatever custom claims the instance's session token adds.
 */

/** Clerk's default session token lifetime. */
const SESSION_TOKEN_LIFETIME_SECONDS = 60;
/** Clerk sets `nbf` this far before `iat`: its default allowed clock skew. */
const NOT_BEFORE_SKEW_SECONDS = 5;

export interface SessionOrg {
  id: string;
  /** `org:admin` or `admin`: the token carries the bare role, Clerk's parser adds the `org:` prefix. */
  role: string;
  slug: string;
  /** `org:<feature>:<action>` permissions; with none, the token has no `per`, `fpm` or `fea`. */
  permissions?: readonly string[];
}

export interface SessionClaimsInput {
  userId: string;
  sessionId: string;
  issuer: string;
  /** `azp`: the browser origin the token was minted for. */
  authorizedParty: string;
  /** The active organization; none by default. */
  org?: SessionOrg | null | undefined;
  /** Epoch seconds; now by default. */
  issuedAt?: number;
  lifetimeSeconds?: number;
  /** `jti`; omitted by default, so the same input signs to the same token. */
  tokenId?: string;
  /** Clerk Billing, scoped as in the token: plans `['u:pro', 'o:team']`, features `['o:task_summary']`. */
  billing?: SessionBilling | undefined;
  /** Custom claims, merged last: they may also replace (or, as `undefined`, drop) any claim above. */
  claims?: Record<string, unknown>;
}

export interface SessionBilling {
  plans?: readonly string[];
  features?: readonly string[];
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

function orgClaims({ id, role, slug, permissions = [] }: SessionOrg): { o: object; fea?: string } {
  const org = { id, rol: role.replace(/^org:/, ''), slg: slug };
  if (permissions.length === 0) return { o: org };
  const { fea, per, fpm } = encodeOrgPermissions(permissions);
  return { o: { ...org, per, fpm }, fea };
}

/**
 * `fea` lists the org's permission features first and the billing features after them: Clerk's parser
 * pairs the org features with `o.fpm` by position, so a billing feature must never shift that pairing.
 */
function featureClaims(org: { fea?: string }, billing: SessionBilling = {}): Record<string, string> {
  const fea = [org.fea, ...(billing.features ?? [])].filter(Boolean).join(',');
  const pla = (billing.plans ?? []).join(',');
  return { ...(fea ? { fea } : {}), ...(pla ? { pla } : {}) };
}

export function sessionClaims(input: SessionClaimsInput): Record<string, unknown> {
  const iat = input.issuedAt ?? Math.floor(Date.now() / 1000);
  const org = input.org ? orgClaims(input.org) : null;
  return {
    azp: input.authorizedParty,
    exp: iat + (input.lifetimeSeconds ?? SESSION_TOKEN_LIFETIME_SECONDS),
    fva: [0, -1],
    iat,
    iss: input.issuer,
    ...(input.tokenId === undefined ? {} : { jti: input.tokenId }),
    nbf: iat - NOT_BEFORE_SKEW_SECONDS,
    sid: input.sessionId,
    sts: 'active',
    sub: input.userId,
    v: 2,
    ...(org ? { o: org.o } : {}),
    ...featureClaims(org ?? {}, input.billing),
    ...input.claims,
  };
}
