import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root';

export type { TaskStreamEvent } from './events/task-stream';
export {
  formatIdempotencyHeader,
  IDEMPOTENCY_HEADER,
  IDEMPOTENCY_TTL_HOURS,
  parseIdempotencyHeader,
} from './idempotency/keys';
export type { ProcedureCall, ProcedureObserver } from './procedure-telemetry';
export { type AppRouter, appRouter } from './root';
export {
  AccessDeniedError,
  createInnerContext,
  type InnerContext,
  RequestRefusedError,
} from './trpc';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
