import type { TRPCRouterRecord } from '@trpc/server';
import { publicProcedure } from '../trpc';

export const healthRouter = {
  health: publicProcedure.query(() => ({ status: 'ok' as const })),
} satisfies TRPCRouterRecord;
