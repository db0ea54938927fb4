/**
 * tRPC setup for Gatehouse. Read this file top to bottom to know who may call what.
 *
 * 1. CONTEXT — `createInnerContext` is everything a procedure may use: the verified `auth` and the
 *    request id. The API's HTTP adapter builds it from a request; tests build it directly.
 * 2. THE LADDER — every procedure is made from exactly one of these builders, and the builder is its
 *    access tier (also recorded in `meta.access` so tests can walk the router and check it):
 *      publicProcedure     anyone
 *      protectedProcedure  a verified, active Clerk session     → `ctx.auth.userId: string`      (401)
 *      orgProcedure        …with an active organization         → `ctx.auth.orgId: string`       (403)
 *    `requireRole('org:admin')` / `requirePermission('org:tasks:delete')` stack on top (403).
 */
import type { AuthCheck, AuthObject, OrgAuth, SignedInAuth } from '@gatehouse/auth';
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError, z } from 'zod';

export interface InnerContext {
  auth: AuthObject;
  requestId: string;
}

export function createInnerContext(opts: InnerContext): InnerContext {
  return opts;
}

export type Context = InnerContext;

export type AccessTier = 'public' | 'protected' | 'org';
export interface Meta {
  access: AccessTier;
  /** Extra requirements stacked on the tier, e.g. `role:org:admin`; for docs and the auth matrix. */
  requires?: string[];
}

/** Carried in `TRPCError.cause` so the error formatter can expose a machine-readable reason. */
export class AccessDeniedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'AccessDeniedError';
  }
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    defaultMeta: { access: 'public' },
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      return {
        ...shape,
        data: {
          ...shape.data,
          reason: cause instanceof AccessDeniedError ? cause.reason : null,
          zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

function deny(code: 'UNAUTHORIZED' | 'FORBIDDEN', reason: string, message: string): never {
  throw new TRPCError({ code, message, cause: new AccessDeniedError(reason) });
}

/** Anyone may call. `ctx.auth` may be signed in or out. */
export const publicProcedure = t.procedure.meta({ access: 'public' });

/** A verified session: 401 with the token's failure reason otherwise. */
export const protectedProcedure = t.procedure.meta({ access: 'protected' }).use(({ ctx, next }) => {
  const { auth } = ctx;
  if (!auth.isAuthenticated) {
    deny('UNAUTHORIZED', auth.reason ?? 'token-missing', 'Sign in to call this procedure');
  }
  return next({ ctx: { ...ctx, auth: auth as SignedInAuth } });
});

/** A verified session with an active organization, taken only from the token: 403 otherwise. */
export const orgProcedure = protectedProcedure.meta({ access: 'org' }).use(({ ctx, next }) => {
  const { auth } = ctx;
  if (auth.orgId === null || auth.orgRole === null) {
    deny('FORBIDDEN', 'no-active-organization', 'Choose an organization to call this procedure');
  }
  return next({ ctx: { ...ctx, auth: auth as OrgAuth } });
});

function requireCheck(check: AuthCheck, reason: string) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.auth.has(check)) deny('FORBIDDEN', reason, `Requires ${check.role ?? check.permission}`);
    return next();
  });
}

/** Stack on `orgProcedure`: `orgProcedure.use(requireRole('org:admin'))`. */
export const requireRole = (role: `org:${string}`) => requireCheck({ role }, 'missing-role');
/** Stack on `orgProcedure`: `orgProcedure.use(requirePermission('org:tasks:delete'))`. */
export const requirePermission = (permission: `org:${string}`) =>
  requireCheck({ permission }, 'missing-permission');
