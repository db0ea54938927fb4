/**
 * Clerk webhook events → changes to the synced tables. Only the fields we store are read, through
 * zod, so a payload that breaks the shape is a 400 instead of a half-applied row. Versions come from
 * the event itself: `updated_at` of the object for creations and updates, the event `timestamp` for
 * deletions (a deleted object carries no `updated_at`), so delivery order does not matter.
 */

import { storable } from '@gatehouse/api-contract';
import {
  type ApplyResult,
  applyOnce,
  type Database,
  deleteMembership,
  deleteOrganization,
  deleteUser,
  upsertMembership,
  upsertOrganization,
  upsertUser,
} from '@gatehouse/db';
import { z } from 'zod';

// What Postgres can store: an instant before the year 10000, text without NUL (a 400, not a failed write).
const epochMs = z
  .number()
  .int()
  .nonnegative()
  .max(Date.UTC(9999, 11, 31));
const text = storable(z.string());
const id = storable(z.string().min(1).max(200));
const optionalText = text.nullish().transform((value) => value || null);

const user = z.object({
  id,
  first_name: optionalText,
  last_name: optionalText,
  image_url: optionalText,
  primary_email_address_id: text.nullish(),
  email_addresses: z.array(z.object({ id: text, email_address: text })).default([]),
  updated_at: epochMs,
});
const deleted = z.object({ id });
const organization = z.object({
  id,
  name: optionalText,
  slug: optionalText,
  image_url: optionalText,
  updated_at: epochMs,
});
const membership = z.object({
  role: storable(z.string().min(1)),
  updated_at: epochMs,
  organization,
  public_user_data: z.object({ user_id: id }),
});

const HANDLED = [
  'user.created',
  'user.updated',
  'user.deleted',
  'organization.created',
  'organization.updated',
  'organization.deleted',
  'organizationMembership.created',
  'organizationMembership.updated',
  'organizationMembership.deleted',
] as const;
type HandledType = (typeof HANDLED)[number];

export function isHandled(type: string): type is HandledType {
  return (HANDLED as readonly string[]).includes(type);
}

/** What `verifyWebhook` returns, reduced to what we read. */
export interface VerifiedEvent {
  type: string;
  data: unknown;
  timestamp: unknown;
}

export type Effect = (tx: Database) => Promise<void>;

function orgSnapshot(data: z.output<typeof organization>) {
  return {
    id: data.id,
    name: data.name,
    slug: data.slug,
    imageUrl: data.image_url,
    updatedAt: new Date(data.updated_at),
  };
}

/** The effect of a handled event, or a ZodError when its payload is not what Clerk documents. */
export function effectOf(type: HandledType, event: VerifiedEvent): Effect {
  const at = new Date(epochMs.parse(event.timestamp));
  switch (type) {
    case 'user.created':
    case 'user.updated': {
      const data = user.parse(event.data);
      const primary = data.email_addresses.find((email) => email.id === data.primary_email_address_id);
      return (tx) =>
        upsertUser(tx, {
          id: data.id,
          email: primary?.email_address ?? null,
          firstName: data.first_name,
          lastName: data.last_name,
          imageUrl: data.image_url,
          updatedAt: new Date(data.updated_at),
        });
    }
    case 'user.deleted': {
      const data = deleted.parse(event.data);
      return (tx) => deleteUser(tx, data.id, at);
    }
    case 'organization.created':
    case 'organization.updated': {
      const data = organization.parse(event.data);
      return (tx) => upsertOrganization(tx, orgSnapshot(data));
    }
    case 'organization.deleted': {
      const data = deleted.parse(event.data);
      return (tx) => deleteOrganization(tx, data.id, at);
    }
    case 'organizationMembership.created':
    case 'organizationMembership.updated': {
      const data = membership.parse(event.data);
      const key = { orgId: data.organization.id, userId: data.public_user_data.user_id };
      return async (tx) => {
        // The embedded organization is a versioned snapshot too: sync it even if organization.* is off.
        await upsertOrganization(tx, orgSnapshot(data.organization));
        await upsertMembership(tx, { ...key, role: data.role, updatedAt: new Date(data.updated_at) });
      };
    }
    case 'organizationMembership.deleted': {
      const data = membership.parse(event.data);
      const key = { orgId: data.organization.id, userId: data.public_user_data.user_id };
      return (tx) => deleteMembership(tx, key, new Date(Math.max(at.getTime(), data.updated_at)));
    }
  }
}

/** Applies the effect once per delivery id (see `applyOnce`). */
export function applyDelivery(
  db: Database,
  svixId: string,
  type: string,
  effect: Effect,
): Promise<ApplyResult> {
  return applyOnce(db, { svixId, type }, effect);
}
