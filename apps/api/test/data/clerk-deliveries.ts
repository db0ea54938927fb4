/**
 * Clerk webhook deliveries signed like Svix signs them (`standardwebhooks`), with a whsec_ secret of
 * this test run's: the API under test gets it as CLERK_WEBHOOK_SIGNING_SECRET.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;

export interface Delivery {
  headers: Record<string, string>;
  body: string;
}

let deliveries = 0;
export const newSvixId = () => `msg_test_${++deliveries}_${randomBytes(4).toString('hex')}`;

/** A Clerk event envelope, signed as Svix would send it (override any part to break it). */
export function signedDelivery(
  type: string,
  data: Record<string, unknown>,
  options: { svixId?: string; timestamp?: number; sentAt?: Date; secret?: string } = {},
): Delivery {
  const svixId = options.svixId ?? newSvixId();
  const sentAt = options.sentAt ?? new Date();
  const body = JSON.stringify({
    data,
    event_attributes: { http_request: { client_ip: '192.0.2.1', user_agent: 'test' } },
    instance_id: 'ins_test',
    object: 'event',
    timestamp: options.timestamp ?? sentAt.getTime(),
    type,
  });
  const signature = new Webhook(options.secret ?? WEBHOOK_SECRET).sign(svixId, sentAt, body);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'svix-id': svixId,
      'svix-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'svix-signature': signature,
    },
  };
}

export function deliver(url: string, { headers, body }: Delivery): Promise<Response> {
  return fetch(`${url}/webhooks/clerk`, { method: 'POST', headers, body });
}

/** `user.created` / `user.updated` data as Clerk sends it (the fields we read, plus some we ignore). */
export function clerkUser(id: string, updatedAt: number, overrides: Record<string, unknown> = {}) {
  return {
    object: 'user',
    id,
    first_name: 'Erin',
    last_name: 'Example',
    image_url: `https://img.clerk.com/${id}`,
    primary_email_address_id: 'idn_primary',
    email_addresses: [
      { object: 'email_address', id: 'idn_other', email_address: `other-${id}@example.test` },
      { object: 'email_address', id: 'idn_primary', email_address: `${id}@example.test` },
    ],
    public_metadata: { tier: 'pro' },
    private_metadata: { never: 'stored' },
    created_at: updatedAt,
    updated_at: updatedAt,
    ...overrides,
  };
}

export function clerkOrganization(id: string, updatedAt: number, name = 'Initech') {
  return {
    object: 'organization',
    id,
    name,
    slug: name.toLowerCase(),
    image_url: null,
    created_at: 1,
    updated_at: updatedAt,
  };
}

export function clerkMembership(orgId: string, userId: string, role: string, updatedAt: number) {
  return {
    object: 'organization_membership',
    id: `orgmem_${orgId}_${userId}`,
    role,
    permissions: [],
    created_at: 1,
    updated_at: updatedAt,
    organization: clerkOrganization(orgId, 1),
    public_user_data: {
      user_id: userId,
      identifier: `${userId}@example.test`,
      first_name: null,
      last_name: null,
    },
  };
}
