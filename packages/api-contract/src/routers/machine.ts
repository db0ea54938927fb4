import type { TRPCRouterRecord } from '@trpc/server';
import { apiKey, m2mToken, oauthToken } from '../machine-access';
import { machineProcedure } from '../trpc';

export const machineRouter = {
  /**
   * Which machine credential is calling, as verified: any API key, M2M token or OAuth access token,
   * whatever its scopes. A session gets 401 `session-token-not-accepted`.
   */
  whoami: machineProcedure(apiKey(), m2mToken(), oauthToken()).query(({ ctx }) => {
    const { tokenType, subject, scopes } = ctx.auth;
    return { tokenType, subject, scopes: [...scopes] };
  }),
} satisfies TRPCRouterRecord;
