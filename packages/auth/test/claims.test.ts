import { signedInAuthObject } from '@clerk/backend/internal';
import { describe, expect, it } from 'vitest';
import { authObjectFromClaims, InvalidClaimsError } from '../src/server';
import { encodeOrgPermissions } from '../src/server/session-claims';

const base = { sub: 'user_1', sid: 'sess_1', exp: 2_000_000_000, iat: 1_999_999_940 };

const v2Admin = {
  ...base,
  v: 2,
  o: { id: 'org_1', rol: 'admin', slg: 'acme', per: 'read,manage,delete', fpm: '3,4' },
  fea: 'o:tasks,u:beta,o:notes',
};
const v1Member = {
  ...base,
  org_id: 'org_2',
  org_role: 'org:member',
  org_slug: 'globex',
  org_permissions: ['org:tasks:read'],
};

/** Clerk's own reading of the same claims, through `@clerk/backend`'s `signedInAuthObject`. */
function clerkReading(claims: Record<string, unknown>) {
  const auth = signedInAuthObject({} as never, 'token', claims as never);
  return {
    userId: auth.userId,
    sessionId: auth.sessionId,
    orgId: auth.orgId ?? null,
    orgRole: auth.orgRole ?? null,
    orgSlug: auth.orgSlug ?? null,
    orgPermissions: auth.orgPermissions ?? [],
    has: auth.has,
  };
}

function ourReading(claims: Record<string, unknown>) {
  const { userId, sessionId, orgId, orgRole, orgSlug, orgPermissions } = authObjectFromClaims(
    structuredClone(claims),
  );
  return { userId, sessionId, orgId, orgRole, orgSlug, orgPermissions: [...orgPermissions] };
}

const CHECKS = [
  { role: 'org:admin' },
  { role: 'admin' },
  { role: 'org:member' },
  { permission: 'org:tasks:read' },
  { permission: 'org:tasks:manage' },
  { permission: 'org:tasks:delete' },
  { permission: 'org:notes:delete' },
  { permission: 'org:notes:read' },
] as const;

describe('authObjectFromClaims matches Clerk', () => {
  it.each([
    ['v2 with an org', v2Admin],
    ['v2 without an org', { ...base, v: 2 }],
    ['v1 with an org', v1Member],
    ['v1 without an org', base],
  ])('%s: same fields and same has() answers', (_label, claims) => {
    const ours = authObjectFromClaims(structuredClone(claims));
    const clerk = clerkReading(claims);
    const { has: clerkHas, ...clerkFields } = clerk;
    expect(ourReading(claims)).toEqual(clerkFields);
    for (const check of CHECKS) expect(ours.has(check), JSON.stringify(check)).toBe(clerkHas(check));
  });

  it('decodes v2 per × fpm over the org features of fea (u: features ignored)', () => {
    const auth = authObjectFromClaims(structuredClone(v2Admin));
    // fpm "3" → read+manage on tasks; "4" → delete on notes
    expect(auth.orgPermissions).toEqual(['org:tasks:read', 'org:tasks:manage', 'org:notes:delete']);
    expect(auth.orgRole).toBe('org:admin');
    expect(auth.has({ permission: 'org:tasks:delete' })).toBe(false);
  });

  it('round-trips the local issuer permission encoding through Clerk’s parser', () => {
    const permissions = ['org:tasks:create', 'org:tasks:read', 'org:notes:read', 'org:tasks:delete'];
    const { fea, per, fpm } = encodeOrgPermissions(permissions);
    const auth = authObjectFromClaims({ ...base, v: 2, o: { id: 'org_1', rol: 'member', per, fpm }, fea });
    expect([...auth.orgPermissions].sort()).toEqual([...permissions].sort());
  });
});

describe('authObjectFromClaims: template organization_id', () => {
  it('takes the org id from a JWT template claim', () => {
    const auth = authObjectFromClaims({ ...base, organization_id: 'org_9', org_role: 'org:admin' });
    expect(auth).toMatchObject({ orgId: 'org_9', orgRole: 'org:admin' });
    expect(auth.has({ role: 'org:admin' })).toBe(true);
  });

  it('agrees with the session org, and refuses a contradicting one', () => {
    expect(authObjectFromClaims({ ...v2Admin, organization_id: 'org_1' }).orgId).toBe('org_1');
    expect(() => authObjectFromClaims({ ...v2Admin, organization_id: 'org_other' })).toThrow(
      InvalidClaimsError,
    );
  });
});

describe('authObjectFromClaims refuses claims of the wrong type', () => {
  it.each([
    ['missing sub', { ...base, sub: undefined }],
    ['empty sub', { ...base, sub: '' }],
    ['numeric sid', { ...base, sid: 1 }],
    ['missing exp', { ...base, exp: undefined }],
    ['unknown version', { ...base, v: 3 }],
    ['o not an object', { ...base, v: 2, o: 'org_1' }],
    ['o null', { ...base, v: 2, o: null }],
    ['o.id number', { ...base, v: 2, o: { id: 7, rol: 'admin' } }],
    ['o.id empty', { ...base, v: 2, o: { id: '', rol: 'admin' } }],
    ['o.rol array', { ...base, v: 2, o: { id: 'org_1', rol: ['admin'] } }],
    ['o.fpm not decimal', { ...base, v: 2, o: { id: 'org_1', per: 'read', fpm: '0x1' }, fea: 'o:tasks' }],
    ['fea without scope', { ...base, v: 2, o: { id: 'org_1', per: 'read', fpm: '1' }, fea: 'tasks' }],
    ['fea not a string', { ...base, v: 2, fea: ['o:tasks'] }],
    ['org_id number', { ...base, org_id: 1 }],
    ['org_role object', { ...base, org_id: 'org_1', org_role: { admin: true } }],
    // a string would turn has({ permission }) into a substring match
    ['org_permissions string', { ...base, org_id: 'org_1', org_permissions: 'org:tasks:delete' }],
    ['org_permissions mixed', { ...base, org_id: 'org_1', org_permissions: ['org:a:b', 1] }],
    ['org role without org id', { ...base, org_role: 'org:admin' }],
    ['organization_id number', { ...base, organization_id: 5 }],
  ])('%s', (_label, claims) => {
    expect(() => authObjectFromClaims(claims as Record<string, unknown>)).toThrow(InvalidClaimsError);
  });
});

describe('authObjectFromClaims result', () => {
  it('is deeply frozen, so a cached object cannot be changed by one request for the next', () => {
    const auth = authObjectFromClaims({ ...v2Admin, metadata: { tier: 'pro' } });
    expect(Object.isFrozen(auth)).toBe(true);
    expect(Object.isFrozen(auth.orgPermissions)).toBe(true);
    expect(Object.isFrozen((auth.claims as { metadata: object }).metadata)).toBe(true);
    expect(auth.expiresAt).toBe(base.exp);
  });

  it('has() is false for every org check without an org', () => {
    const auth = authObjectFromClaims({ ...base, v: 2 });
    expect(auth.orgId).toBeNull();
    for (const check of CHECKS) expect(auth.has(check)).toBe(false);
  });
});
