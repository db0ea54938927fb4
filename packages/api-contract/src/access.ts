/**
 * What a procedure declares about who may call it, in a form tests and docs can read:
 *  - its tier, `meta.access`, set by the builder it is made from (`publicProcedure`, …, see trpc.ts);
 *  - the machine credentials it admits, `meta.machines`, set by `.or(…)` / `machineProcedure(…)`;
 *  - the requirements stacked on it with `.use(requireRole(…))` and friends.
 *
 * tRPC middlewares cannot write `meta`, so a requirement middleware records itself here when it is
 * created, and `declaredAccess` finds it among the procedure's middlewares. Declaration and enforcement
 * are then the same object; the auth matrix (test/matrix) still checks that each procedure's behaviour
 * matches its declaration for every kind of caller, which catches a tier overridden in `meta`, a check
 * hand-written in a resolver, or a middleware that enforces the wrong thing.
 */
import type { AnyProcedure } from '@trpc/server';
import type { DeclaredMachineGrant } from './machine-access';
import type { AccessTier, Meta } from './trpc';

/** A check stacked on the tier; `reason` is the `error.data.reason` of its 403. */
export type Requirement =
  | { kind: 'role'; role: string; reason: 'missing-role' }
  | { kind: 'permission'; permission: string; reason: 'missing-permission' }
  /** A claim of the verified token (dot path, e.g. `metadata.tier`) must equal `equals`. */
  | { kind: 'claim'; claim: string; equals: string; reason: 'missing-claim' }
  /** Clerk Billing: a feature of the active plan (`fea`), or the plan itself (`pla`). */
  | { kind: 'feature'; feature: string; reason: 'missing-feature' }
  | { kind: 'plan'; plan: string; reason: 'missing-plan' };

export interface DeclaredAccess {
  /** Null when the procedure was not made from a ladder builder: the auth matrix fails it. */
  access: AccessTier | null;
  /** Machine credentials admitted besides the tier's callers; empty: machines are refused. */
  machines: readonly DeclaredMachineGrant[];
  requires: Requirement[];
}

type MiddlewareFn = (...args: never[]) => unknown;

const recorded = new WeakMap<MiddlewareFn, Requirement>();

/** Called by the requirement factories in trpc.ts on the middleware they return. */
export function recordRequirement<TBuilder extends { _middlewares: readonly MiddlewareFn[] }>(
  middleware: TBuilder,
  requirement: Requirement,
): TBuilder {
  for (const fn of middleware._middlewares) recorded.set(fn, requirement);
  return middleware;
}

/**
 * Reads a procedure's declaration. `_def.middlewares` is tRPC's own list of the functions a call runs
 * (not in its public types, hence the narrow cast); the matrix fails loudly if that ever changes,
 * because declared requirements would then vanish while their 403s remain.
 */
export function declaredAccess(procedure: AnyProcedure): DeclaredAccess {
  const def = procedure._def as { meta?: Partial<Meta>; middlewares?: readonly MiddlewareFn[] };
  const requires: Requirement[] = [];
  for (const fn of def.middlewares ?? []) {
    const requirement = recorded.get(fn);
    if (requirement) requires.push(requirement);
  }
  return { access: def.meta?.access ?? null, machines: def.meta?.machines ?? [], requires };
}

/** Own properties only, so a path like `constructor.name` never reads the prototype chain. */
export function claimAt(claims: Readonly<Record<string, unknown>> | null, path: string): unknown {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
