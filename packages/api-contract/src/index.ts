import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root';

export { createInnerContext, type InnerContext } from './context';
export type { TaskStreamEvent } from './events/task-stream';
export {
  formatIdempotencyHeader,
  IDEMPOTENCY_HEADER,
  IDEMPOTENCY_TTL_HOURS,
  parseIdempotencyHeader,
} from './idempotency/keys';
export type { ProcedureCall, ProcedureObserver } from './procedure-telemetry';
export { AccessDeniedError, INTERNAL_ERROR_MESSAGE, RequestRefusedError } from './refusals';
export { type AppRouter, appRouter } from './root';
export { storable } from './routers/text';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
