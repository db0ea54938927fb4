import { getErrorShape, type TRPCError } from '@trpc/server';

type RootConfig = Parameters<typeof getErrorShape>[0]['config'];

/**
 * The error shape tRPC's formatter gives an error raised before any procedure was reached (no path,
 * input or context): the body guards' refusals and the bridge's own failures answer in the same envelope.
 */
export function noCallErrorShape<TConfig extends RootConfig>(config: TConfig, error: TRPCError) {
  return getErrorShape({ config, error, type: 'unknown', path: undefined, input: undefined, ctx: undefined });
}
