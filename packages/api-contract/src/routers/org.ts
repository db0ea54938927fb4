import type { TRPCRouterRecord } from '@trpc/server';
import { orgProcedure } from '../trpc';

export const orgRouter = {
  /**
   * The caller's active organization, straight from the verified token (never from input, query or
   * headers); 403 `no-active-organization` without one. `slug` is null for a JWT template that
   * carries only `organization_id`.
   */
  current: orgProcedure.query(({ ctx }) => {
    const { orgId, orgSlug, orgRole, orgPermissions } = ctx.auth;
    return { id: orgId, slug: orgSlug, role: orgRole, permissions: [...orgPermissions] };
  }),
} satisfies TRPCRouterRecord;
