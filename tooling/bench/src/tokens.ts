import { createClerkTestInstance } from '@gatehouse/auth/testing';

/**
 * The bench's Clerk instance, all on this machine: the API gets its public key as CLERK_JWT_KEY, the
 * @clerk/express peer as `jwtKey`, and both verify the same Clerk-shaped v2 session tokens.
 */
export const clerk = createClerkTestInstance({ kid: 'ins_bench' });

/** An active organization membership; `tasks.list` needs one. */
const BENCH_ORG = {
  id: 'org_bench',
  role: 'org:admin',
  slug: 'bench',
  permissions: ['org:tasks:read', 'org:tasks:manage'],
};
/** Longer than Clerk's 60 s so one token outlives the whole bench; within AUTH_MAX_TOKEN_LIFETIME_S. */
const LIFETIME_SECONDS = 900;
/** The token category a Clerk session token names in its header. */
const SESSION_CATEGORY = { cat: 'cl_B7d4PD111AAA' };

/** The org whose task list holds 10,000 tasks in the growth scenario (`org_bench` holds a few). */
export const BIG_ORG_ID = 'org_bench_big';

/** `user_bench`'s session token, `sts: active`, with the bench org (or `orgId`, same role) active. */
export function sessionToken(sessionId: string, orgId = BENCH_ORG.id): string {
  const org = { ...BENCH_ORG, id: orgId, slug: orgId.replace(/_/g, '-') };
  return clerk.token(
    { userId: 'user_bench', sessionId, org, lifetimeSeconds: LIFETIME_SECONDS },
    SESSION_CATEGORY,
  );
}

/** Distinct tokens (one session id each), so each is a verified-token cache miss the first time. */
export function tokenPool(size: number, prefix: string): string[] {
  return Array.from({ length: size }, (_, i) => sessionToken(`sess_${prefix}_${i}`));
}
