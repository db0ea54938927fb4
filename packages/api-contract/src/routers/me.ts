import { protectedProcedure } from '../trpc';

/**
 * Who is calling, straight from the verified token: no database, so it is also the fair measure of
 * what authentication costs per request. `orgId` and friends are null without an active org.
 */
export const meProcedure = protectedProcedure.query(({ ctx }) => {
  const { userId, sessionId, orgId, orgRole, orgSlug, orgPermissions } = ctx.auth;
  return { userId, sessionId, orgId, orgRole, orgSlug, orgPermissions: [...orgPermissions] };
});
