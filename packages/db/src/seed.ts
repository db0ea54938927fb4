import type { Database } from './schema';
import { SEED_VERSION, upsertMembership, upsertOrganization, upsertUser } from './sync';

/** Structurally what `PERSONAS` from `@gatehouse/auth` are; kept local so the db has no auth dependency. */
export interface SeedPerson {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  memberships: readonly { orgId: string; orgSlug: string; orgName: string; role: string }[];
}

/**
 * Local mode: the personas become real users, organizations and memberships, so `profile` has data
 * without Clerk. Idempotent, and it never overwrites rows a webhook wrote (they carry a newer version).
 */
export async function seedPeople(db: Database, people: readonly SeedPerson[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const person of people) {
      await upsertUser(tx, {
        id: person.userId,
        email: person.email,
        firstName: person.firstName,
        lastName: person.lastName,
        imageUrl: null,
        updatedAt: SEED_VERSION,
      });
      for (const membership of person.memberships) {
        await upsertOrganization(tx, {
          id: membership.orgId,
          name: membership.orgName,
          slug: membership.orgSlug,
          imageUrl: null,
          updatedAt: SEED_VERSION,
        });
        await upsertMembership(tx, {
          orgId: membership.orgId,
          userId: person.userId,
          role: membership.role,
          updatedAt: SEED_VERSION,
        });
      }
    }
  });
}
