import { healthRouter } from './routers/health';
import { router } from './trpc';

/** Pure composition: one line per domain router. */
export const appRouter = router({
  ...healthRouter,
});

export type AppRouter = typeof appRouter;
