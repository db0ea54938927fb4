import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root';

export type { TaskChange, TaskView } from './events/task-changes';
export type { TaskStreamEvent } from './events/task-stream';
export { type AppRouter, appRouter } from './root';
export {
  AccessDeniedError,
  type AccessTier,
  type Context,
  createCallerFactory,
  createInnerContext,
  type InnerContext,
  type Meta,
} from './trpc';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
