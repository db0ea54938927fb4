/**
 * tRPC setup for Gatehouse. Read this file top to bottom to know who may call what.
 *
 * 1. CONTEXT — `createInnerContext` (./context) is everything a procedure may use: the verified `auth`, the
 *    request id and `db`, the database as the caller may see it (row-level security: a statement with
 *    no `where` still reads only the caller's rows). The API's HTTP adapter builds it from a request;
 *    tests build it directly.
 * 2. THE LADDER — every procedure is made from exactly one of these builders, and the builder is its
 *    access tier (also recorded in `meta.access` so tests can walk the router and check it):
 *      publicProcedure     anyone
 *      protectedProcedure  a verified, active Clerk session     → `ctx.auth.userId: string`      (401)
 *      orgProcedure        …with an active organization         → `ctx.auth.orgId: string`       (403)
 *      machineProcedure(…) machine credentials only             → `ctx.auth.subject: string`     (401)
 *    Machines are refused by the session tiers unless they opt in, recorded in `meta.machines`:
 *    `orgProcedure.or(apiKey('tasks:read'))` (see ./machine-access). `ctx.auth` is then a union, and
 *    `ctx.auth.userId` does not compile until narrowed on `ctx.auth.tokenType`.
 *    `requireRole('org:admin')` / `requirePermission('org:tasks:delete')` / `requireFeature('export')` /
 *    `requirePlan('pro')` stack on top (403).
 * A refusal carries its reason in `error.data.reason` (./refusals).
 */
import type {
  AccessDeniedReason,
  AuthFailureCode,
  AuthFailureReason,
  AuthObject,
  MachineAuth,
  MachineTokenType,
  OrgAuth,
  OrgMachineAuth,
  SignedInAuth,
  UserMachineAuth,
} from '@gatehouse/auth';
import { initTRPC, TRPCError } from '@trpc/server';
import type { MiddlewareResult } from '@trpc/server/unstable-core-do-not-import';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import { claimAt, type Requirement, recordRequirement } from './access';
import { denialFor, type GateTier } from './caller-gate';
import type { InnerContext } from './context';
import { runIdempotently } from './idempotency/run';
import { type DeclaredMachineGrant, declareGrants, type MachineGrant } from './machine-access';
import { observeProcedureCall } from './procedure-telemetry';
import {
  AccessDeniedError,
  databaseRefusal,
  INTERNAL_ERROR_MESSAGE,
  RequestRefusedError,
  reasonOf,
} from './refusals';

export type AccessTier = 'public' | GateTier;
/** Requirements stacked on the tier record themselves instead (see `declaredAccess` in ./access). */
export interface Meta {
  access: AccessTier;
  /** The machine credentials the tier admits besides its callers (none: machines are refused). */
  machines?: readonly DeclaredMachineGrant[];
}

// No `defaultMeta` on purpose: a procedure not made from a ladder builder has no tier, and the auth
// matrix (test/matrix) fails it instead of silently treating it as public.
const t = initTRPC
  .context<InnerContext>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    // Subscriptions (SSE): a ping comment every 10 s keeps idle streams open through proxies and load
    // balancers; a client that hears nothing (not even a ping) for 30 s reconnects, with its last id.
    sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 30_000 } },
    errorFormatter({ shape, error, ctx }) {
      const cause = error.cause;
      return {
        ...shape,
        // An unexpected failure tells the caller nothing of itself (a statement, its parameters): the
        // log line, found by the request id, has it.
        message: error.code === 'INTERNAL_SERVER_ERROR' ? INTERNAL_ERROR_MESSAGE : shape.message,
        data: {
          ...shape.data,
          reason: reasonOf(cause),
          zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
          // Matches the `x-request-id` response header and the log line; null before a context exists.
          requestId: ctx?.requestId ?? null,
        },
      };
    },
  });

export const router = t.router;

function deny(
  code: AuthFailureCode | 'FORBIDDEN',
  reason: AuthFailureReason | AccessDeniedReason,
  message: string,
): never {
  throw new TRPCError({ code, message, cause: new AccessDeniedError(reason) });
}

/**
 * The root of every builder: one span and one metrics record per call, batched or not
 * (./procedure-telemetry), which sees the call's outcome after database failures are classified.
 * One middleware rather than two: each tRPC middleware copies the call's options (and a context it is
 * handed), a cost every call pays (docs/performance.md).
 */
const procedure = t.procedure.use((call) =>
  observeProcedureCall(call, reasonOf, async () => {
    const result = await call.next();
    const refusal = result.ok ? null : databaseRefusal(result.error.cause);
    return refusal ? { ...result, error: refusal } : result;
  }),
);

/** Anyone may call. `ctx.auth` may be a session, a machine, or signed out. */
export const publicProcedure = procedure.meta({ access: 'public' });

/**
 * A tier's gate (./caller-gate), recorded in meta with the machine grants it admits. A mutation sent
 * with an idempotency key then runs once per key: retries replay its first result (409 for another
 * caller or another request under the same key; see ./idempotency).
 */
function gate<TAuth extends AuthObject>(access: GateTier, grants: readonly DeclaredMachineGrant[]) {
  return procedure.meta({ access, machines: grants }).use((opts) => {
    const denial = denialFor(opts.ctx.auth, access, grants);
    if (denial) deny(denial.code, denial.reason, denial.message);
    const passed =
      opts.type === 'mutation'
        ? runIdempotently({
            ...opts,
            refuse: (code, reason, message) => {
              throw new TRPCError({ code, message, cause: new RequestRefusedError(reason) });
            },
          })
        : opts.next();
    // `auth` is a TAuth now (denialFor passed it): said in the type only. `next({ ctx: { auth } })`
    // would make tRPC copy the whole context on every call to say the same.
    return passed as Promise<MiddlewareResult<{ auth: TAuth }>>;
  });
}

type Grants<TType extends MachineTokenType> = [MachineGrant<TType>, ...MachineGrant<TType>[]];

/**
 * A verified session: 401 with the token's failure reason otherwise — or 503 when the signing keys
 * could not be had (`jwks-unavailable`: retry later, do not sign out), 400 for a malformed request.
 * `.or(apiKey('notes:read'))` also admits a user's API key or OAuth token, acting as that user.
 */
export const protectedProcedure = Object.assign(gate<SignedInAuth>('protected', []), {
  or: <TType extends 'api_key' | 'oauth_token'>(...grants: Grants<TType>) =>
    gate<SignedInAuth | UserMachineAuth<TType>>('protected', declareGrants(grants, 'user')),
});

/**
 * A verified session with an active organization, taken only from the token: 403 otherwise.
 * `.or(apiKey('tasks:read'))` also admits an organization's API key (never with a role).
 */
export const orgProcedure = Object.assign(gate<OrgAuth>('org', []), {
  or: (...grants: Grants<'api_key'>) => gate<OrgAuth | OrgMachineAuth>('org', declareGrants(grants, 'org')),
});

/** Machine credentials only, of the kinds listed: a session gets 401 `session-token-not-accepted`. */
export const machineProcedure = <TType extends MachineTokenType>(...grants: Grants<TType>) =>
  gate<MachineAuth<TType>>('machine', declareGrants(grants, 'any'));

/** A check stacked on a tier, recorded so that `declaredAccess` (and the auth matrix) see it. */
function requirement(declared: Requirement, satisfied: (auth: AuthObject) => boolean, message: string) {
  const middleware = t.middleware(({ ctx, next }) => {
    if (!satisfied(ctx.auth)) deny('FORBIDDEN', declared.reason, message);
    return next();
  });
  return recordRequirement(middleware, declared);
}

/** Stack on `orgProcedure`: `orgProcedure.use(requireRole('org:admin'))`. 403 `missing-role` otherwise. */
export const requireRole = (role: `org:${string}`) =>
  requirement(
    { kind: 'role', role, reason: 'missing-role' },
    (auth) => auth.has({ role }),
    `Requires ${role}`,
  );

/** Stack on `orgProcedure`: `orgProcedure.use(requirePermission('org:tasks:delete'))`. */
export const requirePermission = (permission: `org:${string}`) =>
  requirement(
    { kind: 'permission', permission, reason: 'missing-permission' },
    (auth) => auth.has({ permission }),
    `Requires ${permission}`,
  );

/**
 * Stack on `protectedProcedure`: the verified token's claim at the dot path `claim` must equal
 * `equals`, e.g. `requireClaim('metadata.tier', 'pro')` for Clerk `publicMetadata` surfaced through a
 * session-token customisation (`{ "metadata": "{{user.public_metadata}}" }`). 403 `missing-claim` otherwise.
 */
export const requireClaim = (claim: string, equals: string) =>
  requirement(
    { kind: 'claim', claim, equals, reason: 'missing-claim' },
    (auth) => claimAt(auth.claims, claim) === equals,
    `Requires ${claim} = ${equals}`,
  );

/**
 * Clerk Billing, through Clerk's `has()` over the v2 `fea` claim: the active plan (the user's, or the
 * org's) includes `feature`. `orgProcedure.use(requireFeature('task_summary'))`; 403 `missing-feature`.
 * Machines hold no plan: a machine-admitting procedure with this requirement refuses them (403).
 */
export const requireFeature = (feature: string) =>
  requirement(
    { kind: 'feature', feature, reason: 'missing-feature' },
    (auth) => auth.has({ feature }),
    `Requires the ${feature} feature of a plan`,
  );

/** The same over `pla`: `requirePlan('pro')` (user or org plan), `'org:team'` / `'user:pro'` scoped. */
export const requirePlan = (plan: string) =>
  requirement(
    { kind: 'plan', plan, reason: 'missing-plan' },
    (auth) => auth.has({ plan }),
    `Requires the ${plan} plan`,
  );
