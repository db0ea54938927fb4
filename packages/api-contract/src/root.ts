import { healthRouter } from './routers/health';
import { meRouter } from './routers/me';
import { notesRouter } from './routers/notes';
import { orgRouter } from './routers/org';
import { profileRouter } from './routers/profile';
import { tasksRouter } from './routers/tasks';
import { router } from './trpc';

/** Pure composition: one line per domain router. */
export const appRouter = router({
  ...healthRouter,
  ...meRouter,
  ...orgRouter,
  ...notesRouter,
  ...tasksRouter,
  ...profileRouter,
});

export type AppRouter = typeof appRouter;
