import { healthProcedure } from './routers/health';
import { machineRouter } from './routers/machine';
import { meProcedure } from './routers/me';
import { notesRouter } from './routers/notes';
import { orgRouter } from './routers/org';
import { profileProcedure } from './routers/profile';
import { tasksRouter } from './routers/tasks';
import { router } from './trpc';

/**
 * The API's shape: each key is a public path (`health`, `notes.list`, …) and a public contract.
 * Routers are plain records keyed here, so a duplicate key is a compile error rather than a silent
 * override. `pnpm turbo gen router` appends its line at the end.
 */
export const appRouter = router({
  health: healthProcedure,
  me: meProcedure,
  org: orgRouter,
  notes: notesRouter,
  tasks: tasksRouter,
  profile: profileProcedure,
  machine: machineRouter,
});

export type AppRouter = typeof appRouter;
