import { users } from '@gatehouse/db/schema';
import { and, eq, isNull } from 'drizzle-orm';
import { protectedProcedure } from '../trpc';

/**
 * The caller's profile as synced from Clerk webhooks (in local mode, those the local issuer sends);
 * null until the first `user.created` arrives, and after `user.deleted`. `me` stays token-only.
 */
export const profileProcedure = protectedProcedure.query(async ({ ctx }) => {
  const [profile] = await ctx.db
    .select({
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      imageUrl: users.imageUrl,
    })
    .from(users)
    .where(and(eq(users.id, ctx.auth.userId), isNull(users.deletedAt)));
  return profile ?? null;
});
