import { timingSafeEqual } from 'node:crypto';
import type { MachineTokenType } from '../../types';
import type { MachineRecord, MachineStore } from './machine-store';

/**
 * The three verify endpoints of Clerk's Backend API that `@clerk/backend` calls for opaque machine
 * tokens, answered from a `MachineStore` in Clerk's own shapes (snake_case JSON, `object` tags), so the
 * SDK's real client parses them: local mode serves this under its default CLERK_API_URL, and the test
 * stand-in of Clerk's Backend API serves it on a loopback port.
 *
 *   POST /api_keys/verify                        { secret }        → APIKey JSON
 *   POST /m2m_tokens/verify                      { token }         → M2MToken JSON
 *   POST /oauth_applications/access_tokens/verify { access_token } → IdPOAuthAccessToken JSON
 *
 * Unknown, revoked or expired: 404 with Clerk's error body (Clerk does not say which). A missing or
 * wrong `Authorization: Bearer <secret key>`: 401. M2M verification also takes the machine secret key.
 */
export interface BackendApiRequest {
  method: string;
  /** Below the API URL, e.g. `/api_keys/verify`. */
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface BackendApiResponse {
  status: number;
  body: unknown;
}

export interface BackendApiKeys {
  secretKey: string;
  machineSecretKey?: string | undefined;
}

const ROUTES: Record<string, { kind: MachineTokenType; field: string; notFound: string }> = {
  '/api_keys/verify': { kind: 'api_key', field: 'secret', notFound: 'API key not found' },
  '/m2m_tokens/verify': { kind: 'm2m_token', field: 'token', notFound: 'Machine token not found' },
  '/oauth_applications/access_tokens/verify': {
    kind: 'oauth_token',
    field: 'access_token',
    notFound: 'OAuth token not found',
  },
};

const OBJECT_TAGS: Record<MachineTokenType, string> = {
  api_key: 'api_key',
  m2m_token: 'machine_to_machine_token',
  oauth_token: 'clerk_idp_oauth_access_token',
};

const clerkError = (status: number, code: string, message: string): BackendApiResponse => ({
  status,
  body: { errors: [{ code, message, long_message: message }], clerk_trace_id: 'local' },
});

function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function authorized(kind: MachineTokenType, authorization: string | undefined, keys: BackendApiKeys) {
  const presented = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  if (!presented) return false;
  const accepted = kind === 'm2m_token' ? [keys.machineSecretKey, keys.secretKey] : [keys.secretKey];
  return accepted.some((key) => key !== undefined && sameSecret(presented, key));
}

/** A record as Clerk's Backend API returns it (times in epoch ms). */
export function clerkJson(record: MachineRecord): Record<string, unknown> {
  const common = {
    object: OBJECT_TAGS[record.kind],
    id: record.id,
    subject: record.subject,
    scopes: record.scopes,
    revoked: record.revoked,
    revocation_reason: record.revocationReason,
    expired: record.expiration !== null && record.expiration <= Date.now(),
    expiration: record.expiration,
    created_at: record.createdAt,
    updated_at: record.revokedAt ?? record.createdAt,
  };
  if (record.kind === 'api_key') {
    return {
      ...common,
      type: 'api_key',
      name: record.name,
      claims: null,
      created_by: record.createdBy,
      description: null,
      last_used_at: null,
    };
  }
  if (record.kind === 'm2m_token') return { ...common, claims: null };
  return {
    ...common,
    type: 'oauth_token',
    client_id: record.clientId,
    ...(record.aud ? { aud: record.aud } : {}),
  };
}

export async function handleBackendApiRequest(
  store: MachineStore,
  keys: BackendApiKeys,
  request: BackendApiRequest,
): Promise<BackendApiResponse> {
  const route = ROUTES[request.path];
  if (!route || request.method !== 'POST') return clerkError(404, 'resource_not_found', 'Not found');
  if (!authorized(route.kind, request.authorization, keys)) {
    return clerkError(401, 'authentication_invalid', 'Invalid secret key');
  }
  const presented = (request.body as Record<string, unknown> | null)?.[route.field];
  if (typeof presented !== 'string' || presented === '') {
    return clerkError(422, 'form_param_missing', `${route.field} is missing`);
  }
  const record = await store.findBySecret(route.kind, presented);
  const live = record && !record.revoked && (record.expiration === null || record.expiration > Date.now());
  if (!record || !live) return clerkError(404, 'resource_not_found', route.notFound);
  return { status: 200, body: clerkJson(record) };
}
