/**
 * Mirror Clerk's users, organizations and memberships from webhook deliveries.
 *
 * Ordering: every row keeps the source's own version (`source_updated_at`, from Clerk's `updated_at`,
 * or the event timestamp for deletions); an upsert only wins over an older version, so deliveries may
 * arrive in any order. Deleting a user or an organization leaves a tombstone that no later event revives
 * (Clerk never reuses those ids); a membership may come back, but only with a newer version.
 * Idempotency: `applyOnce` records the delivery id in the same transaction as its effect.
 */
import { and, eq, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { type Database, memberships, notes, organizations, tasks, users, webhookEvents } from './schema';

/** The version of seeded rows: older than any real event, and the only version a re-seed overwrites. */
export const SEED_VERSION = new Date(0);

export interface UserSnapshot {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  imageUrl: string | null;
  updatedAt: Date;
}
export interface OrganizationSnapshot {
  id: string;
  name: string | null;
  slug: string | null;
  imageUrl: string | null;
  updatedAt: Date;
}
export interface MembershipSnapshot {
  orgId: string;
  userId: string;
  role: string | null;
  updatedAt: Date;
}

export type ApplyResult = 'applied' | 'duplicate';

/**
 * Runs `effect` at most once per delivery id. The id is inserted first, in the same transaction: a
 * redelivery (or the same delivery racing on another replica, which waits on the primary key until the
 * first commits) inserts nothing and changes nothing. If the effect fails, the id is rolled back too.
 */
export function applyOnce(
  db: Database,
  delivery: { svixId: string; type: string },
  effect: (tx: Database) => Promise<void>,
): Promise<ApplyResult> {
  return db.transaction(async (tx) => {
    const recorded = await tx
      .insert(webhookEvents)
      .values(delivery)
      .onConflictDoNothing()
      .returning({ svixId: webhookEvents.svixId });
    if (recorded.length === 0) return 'duplicate';
    await effect(tx);
    return 'applied';
  });
}

/** `existing` loses to the incoming row when older, or when it only holds seed data. */
function incomingIsNewer(version: PgColumn): SQL {
  return or(sql`${version} < excluded.source_updated_at`, eq(version, SEED_VERSION)) as SQL;
}

export async function upsertUser(db: Database, user: UserSnapshot): Promise<void> {
  const { updatedAt, ...fields } = user;
  await db
    .insert(users)
    .values({ ...fields, sourceUpdatedAt: updatedAt })
    .onConflictDoUpdate({
      target: users.id,
      set: {
        email: sql`excluded.email`,
        firstName: sql`excluded.first_name`,
        lastName: sql`excluded.last_name`,
        imageUrl: sql`excluded.image_url`,
        sourceUpdatedAt: sql`excluded.source_updated_at`,
      },
      setWhere: sql`${users.deletedAt} is null and ${incomingIsNewer(users.sourceUpdatedAt)}`,
    });
}

/** Tombstones the user (erasing their profile), ends their memberships and deletes their notes. */
export async function deleteUser(db: Database, userId: string, at: Date): Promise<void> {
  const tombstone = { email: null, firstName: null, lastName: null, imageUrl: null, deletedAt: at };
  await db
    .insert(users)
    .values({ id: userId, ...tombstone, sourceUpdatedAt: at })
    .onConflictDoUpdate({
      target: users.id,
      set: {
        ...tombstone,
        sourceUpdatedAt: sql`greatest(${users.sourceUpdatedAt}, excluded.source_updated_at)`,
      },
      setWhere: sql`${users.deletedAt} is null`,
    });
  await endMemberships(db, eq(memberships.userId, userId), at);
  await db.delete(notes).where(eq(notes.ownerId, userId));
}

export async function upsertOrganization(db: Database, org: OrganizationSnapshot): Promise<void> {
  const { updatedAt, ...fields } = org;
  await db
    .insert(organizations)
    .values({ ...fields, sourceUpdatedAt: updatedAt })
    .onConflictDoUpdate({
      target: organizations.id,
      set: {
        name: sql`excluded.name`,
        slug: sql`excluded.slug`,
        imageUrl: sql`excluded.image_url`,
        sourceUpdatedAt: sql`excluded.source_updated_at`,
      },
      setWhere: sql`${organizations.deletedAt} is null and ${incomingIsNewer(organizations.sourceUpdatedAt)}`,
    });
}

/** Tombstones the organization, ends its memberships and deletes its tasks. */
export async function deleteOrganization(db: Database, orgId: string, at: Date): Promise<void> {
  const tombstone = { name: null, slug: null, imageUrl: null, deletedAt: at };
  await db
    .insert(organizations)
    .values({ id: orgId, ...tombstone, sourceUpdatedAt: at })
    .onConflictDoUpdate({
      target: organizations.id,
      set: {
        ...tombstone,
        sourceUpdatedAt: sql`greatest(${organizations.sourceUpdatedAt}, excluded.source_updated_at)`,
      },
      setWhere: sql`${organizations.deletedAt} is null`,
    });
  await endMemberships(db, eq(memberships.orgId, orgId), at);
  await db.delete(tasks).where(eq(tasks.orgId, orgId));
}

/** Skipped when the user or the organization is already tombstoned: a late event must not revive them. */
export async function upsertMembership(db: Database, membership: MembershipSnapshot): Promise<void> {
  if (await partyDeleted(db, membership)) return;
  const { updatedAt, ...fields } = membership;
  await db
    .insert(memberships)
    .values({ ...fields, sourceUpdatedAt: updatedAt })
    .onConflictDoUpdate({
      target: [memberships.orgId, memberships.userId],
      set: { role: sql`excluded.role`, deletedAt: null, sourceUpdatedAt: sql`excluded.source_updated_at` },
      setWhere: incomingIsNewer(memberships.sourceUpdatedAt),
    });
}

/** Tombstones the membership unless a newer version of it is already stored. */
export async function deleteMembership(
  db: Database,
  membership: Pick<MembershipSnapshot, 'orgId' | 'userId'>,
  at: Date,
): Promise<void> {
  await db
    .insert(memberships)
    .values({ ...membership, role: null, deletedAt: at, sourceUpdatedAt: at })
    .onConflictDoUpdate({
      target: [memberships.orgId, memberships.userId],
      set: {
        role: null,
        deletedAt: sql`excluded.deleted_at`,
        sourceUpdatedAt: sql`excluded.source_updated_at`,
      },
      setWhere: sql`${memberships.sourceUpdatedAt} <= excluded.source_updated_at`,
    });
}

async function partyDeleted(db: Database, { orgId, userId }: Pick<MembershipSnapshot, 'orgId' | 'userId'>) {
  const [deletedUser] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), isNotNull(users.deletedAt)));
  const [deletedOrg] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(eq(organizations.id, orgId), isNotNull(organizations.deletedAt)));
  return deletedUser !== undefined || deletedOrg !== undefined;
}

/** Tombstones the memberships matching `where` (a deleted user's or organization's). */
async function endMemberships(db: Database, where: SQL, at: Date): Promise<void> {
  await db
    .update(memberships)
    .set({
      role: null,
      deletedAt: at,
      sourceUpdatedAt: sql`greatest(${memberships.sourceUpdatedAt}, ${at.toISOString()}::timestamptz)`,
    })
    .where(where);
}
