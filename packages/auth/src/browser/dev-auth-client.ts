/**
 * Browser client of the API's local issuer (`/dev/auth/*`, only served when AUTH_MODE=local).
 * The server is the source of truth for personas and tokens; this file only calls and checks it.
 */
import { decodeJwt } from 'jose';
import type { PersonaMembership } from '../personas';
import type { DevApiKey, DevPersona, MintedToken, SignUpInput } from './dev-auth-types';

export type * from './dev-auth-types';

/** A refusal by the dev auth API (4xx/5xx, with its `reason`) or an unreachable API (`status: null`). */
export class DevAuthError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly reason: string | null = null,
  ) {
    super(message);
    this.name = 'DevAuthError';
  }
}

type Fetch = typeof fetch;

const json = (method: string, payload: unknown) => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(payload),
});

/** The API's `{ error: { message, reason } }`, if that is what `text` is. */
function refusalOf(text: string): { message: string; reason: string | null } | null {
  try {
    const error = (JSON.parse(text) as { error?: { message?: unknown; reason?: unknown } }).error;
    if (typeof error?.message !== 'string') return null;
    return { message: error.message, reason: typeof error.reason === 'string' ? error.reason : null };
  } catch {
    return null;
  }
}

/** A request that got no answer by then fails like an unreachable API, so no screen waits forever. */
const REQUEST_TIMEOUT_MS = 10_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isMembership(value: unknown): value is PersonaMembership {
  return isRecord(value) && typeof value.orgId === 'string' && typeof value.role === 'string';
}

function isPersona(value: unknown): value is DevPersona {
  return (
    isRecord(value) &&
    typeof value.userId === 'string' &&
    typeof value.name === 'string' &&
    Array.isArray(value.memberships) &&
    value.memberships.every(isMembership)
  );
}

export class DevAuthClient {
  readonly #baseUrl: string;
  readonly #fetch: Fetch;

  constructor(apiUrl: string, fetchImpl: Fetch = globalThis.fetch.bind(globalThis)) {
    this.#baseUrl = `${apiUrl.replace(/\/+$/, '')}/dev/auth`;
    this.#fetch = fetchImpl;
  }

  async listPersonas(): Promise<DevPersona[]> {
    const body = await this.#request('/personas', { method: 'GET' });
    const list: unknown = Array.isArray(body) ? body : isRecord(body) ? body.personas : undefined;
    if (!Array.isArray(list) || !list.every(isPersona)) {
      throw new DevAuthError('GET /dev/auth/personas answered an unexpected shape', null);
    }
    return list;
  }

  /** Without `sessionId`: a new sign-in (new `sid`). With it: a refresh or org switch of that session. */
  async mintToken(userId: string, orgId: string | null, sessionId?: string): Promise<MintedToken> {
    const body = await this.#request('/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, ...(orgId ? { orgId } : {}), ...(sessionId ? { sessionId } : {}) }),
    });
    if (!isRecord(body) || typeof body.token !== 'string') {
      throw new DevAuthError('POST /dev/auth/token answered without a token', null);
    }
    const claims = decodeJwt(body.token);
    const issuedAt = claims.iat ?? 0;
    const expiresAt = claims.exp ?? issuedAt;
    const sid = typeof body.sessionId === 'string' ? body.sessionId : claims.sid;
    if (typeof sid !== 'string')
      throw new DevAuthError('POST /dev/auth/token answered a token without sid', null);
    return {
      raw: body.token,
      sessionId: sid,
      claims,
      receivedAtMs: Date.now(),
      lifetimeMs: Math.max(0, expiresAt - issuedAt) * 1000,
    };
  }

  /** The API keys of a persona (`user_…`) or of one of their organizations (`org_…`). */
  async listApiKeys(subject: string): Promise<DevApiKey[]> {
    const body = await this.#request(`/api-keys?subject=${encodeURIComponent(subject)}`, { method: 'GET' });
    const keys = isRecord(body) ? body.apiKeys : undefined;
    if (!Array.isArray(keys))
      throw new DevAuthError('GET /dev/auth/api-keys answered an unexpected shape', null);
    return keys as DevApiKey[];
  }

  /** A new key and its secret: the only time the secret is ever shown. */
  async createApiKey(input: { subject: string; name: string; scopes: string[] }) {
    const body = await this.#request('/api-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    if (!isRecord(body) || typeof body.secret !== 'string') {
      throw new DevAuthError('POST /dev/auth/api-keys answered without a secret', null);
    }
    return body as unknown as DevApiKey & { secret: string };
  }

  async revokeApiKey(id: string): Promise<void> {
    await this.#request(`/api-keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  /** A new person of the local directory (the API learns of them by webhook). */
  async signUp(input: SignUpInput): Promise<DevPersona> {
    const body = await this.#request('/sign-up', json('POST', input));
    const person = isRecord(body) ? body.person : undefined;
    if (!isPersona(person))
      throw new DevAuthError('POST /dev/auth/sign-up answered an unexpected shape', null);
    return person;
  }

  /**
   * Organization management, as the session `token`'s user: what Clerk's organization components do.
   * `path` is under /dev/auth (see the API's dev-auth-accounts.ts).
   */
  async asUser<T = unknown>(token: string, method: string, path: string, payload?: unknown): Promise<T> {
    const init: { method: string; headers?: Record<string, string>; body?: string } =
      payload === undefined ? { method } : json(method, payload);
    return (await this.#request(path, {
      ...init,
      headers: { ...init.headers, authorization: `Bearer ${token}` },
    })) as T;
  }

  async #request(path: string, init: RequestInit & { headers?: Record<string, string> }): Promise<unknown> {
    const url = `${this.#baseUrl}${path}`;
    let response: Response;
    try {
      const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      response = await this.#fetch(url, { ...init, credentials: 'omit', signal });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      throw new DevAuthError(
        timedOut
          ? `The API at ${url} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.`
          : `Cannot reach the API at ${url}. Is it running (pnpm dev)?`,
        null,
      );
    }
    if (response.status === 404 && path === '/personas') {
      throw new DevAuthError(
        'The API does not serve /dev/auth: it is not in local auth mode. Run it with AUTH_MODE=local, ' +
          'or build the SPA with VITE_CLERK_PUBLISHABLE_KEY for Clerk mode.',
        404,
      );
    }
    if (!response.ok) {
      const detail = await response.text().catch(() => '');
      const refusal = refusalOf(detail);
      throw new DevAuthError(
        refusal?.message ??
          `${init.method} /dev/auth${path} answered ${response.status}${detail ? `: ${detail.slice(0, 200)}` : ''}`,
        response.status,
        refusal?.reason ?? null,
      );
    }
    return response.json();
  }
}
