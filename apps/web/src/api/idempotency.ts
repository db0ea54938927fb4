/**
 * One idempotency key per user action, so the mutation retries below (and the API's replay of a
 * stored result) can never apply an action twice. A key is made for each mutation's input OBJECT:
 * TanStack Query passes the same variables object to every retry of one `mutate()` call, and each
 * call passes a new one, so retries share a key and two actions never do. The batch link sends the
 * keys of a batch in one `Idempotency-Key` header, by batch index (docs/reliability.md).
 */
import type { AppRouter } from '@gatehouse/api-contract';
import type { Operation, TRPCLink } from '@trpc/client';

/** Operation context key holding the operation's idempotency key. */
export const IDEMPOTENCY_CONTEXT = 'gatehouse.idempotencyKey';

const keys = new WeakMap<object, string>();

function keyFor(input: object): string {
  let key = keys.get(input);
  if (!key) {
    key = crypto.randomUUID();
    keys.set(input, key);
  }
  return key;
}

/** Gives every mutation whose input is an object its action's key. */
export function idempotencyLink(): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) => {
      if (op.type !== 'mutation' || typeof op.input !== 'object' || op.input === null) return next(op);
      return next({ ...op, context: { ...op.context, [IDEMPOTENCY_CONTEXT]: keyFor(op.input) } });
    };
}

/** The `Idempotency-Key` header of one HTTP request: `index=key` for each keyed operation of the batch. */
export function idempotencyHeaders(ops: readonly Operation[]): Record<string, string> {
  const entries = ops.flatMap((op, index) => {
    const key = op.context[IDEMPOTENCY_CONTEXT];
    return typeof key === 'string' ? [`${index}=${key}`] : [];
  });
  return entries.length > 0 ? { 'idempotency-key': entries.join(', ') } : {};
}
