import { publicProcedure } from '../trpc';

/** Liveness of the contract itself: answers without auth, database or any other dependency. */
export const healthProcedure = publicProcedure.query(() => ({ status: 'ok' as const }));
