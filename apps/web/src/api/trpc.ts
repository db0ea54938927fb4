import type { AppRouter, RouterOutputs } from '@gatehouse/api-contract';
import { createTRPCContext } from '@trpc/tanstack-react-query';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type Note = RouterOutputs['notes']['list']['items'][number];
export type Task = RouterOutputs['tasks']['list']['items'][number];
