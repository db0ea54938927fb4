import type { AppRouter, RouterOutputs } from '@gatehouse/api-contract';
import { createTRPCContext } from '@trpc/tanstack-react-query';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type Note = RouterOutputs['notes']['list']['items'][number];
export type Task = RouterOutputs['tasks']['list']['items'][number];

/** Mirrors the API's zod limits (LIMITS in @gatehouse/db, which must not reach the browser). */
export const TITLE_MAX = 200;
export const NOTE_BODY_MAX = 20_000;
