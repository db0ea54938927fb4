import type { AppRouter } from '@gatehouse/api-contract';
import { createTRPCContext } from '@trpc/tanstack-react-query';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export const apiUrl = import.meta.env.VITE_API_URL ?? 'http://localhost:4000';
