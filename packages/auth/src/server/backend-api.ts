import { type ClerkClient, createClerkClient } from '@clerk/backend';
import type { AuthFailureReason, MachineTokenType } from '../types';
import type { BackendApiProblem, MachineConfig } from './config';
import { type FactsVerification, factsOf, type VerifiedResource } from './machine-auth';

export interface BackendApiStats {
  /** Backend API calls started. */
  calls: number;
  /** Calls under way now (timed-out ones included until they end), and the most there ever were. */
  outstanding: number;
  peakOutstanding: number;
  /** Answered 503 without a call: `maxOutstanding` calls were already under way. */
  saturated: number;
  timeouts: number;
}

export interface BackendApiVerifier {
  readonly stats: BackendApiStats;
  verify(tokenType: MachineTokenType, token: string): Promise<FactsVerification>;
}

const UNAVAILABLE = { ok: false, reason: 'machine-verification-unavailable' } as const;
const REFUSED = { ok: false, reason: 'machine-token-invalid' } as const;

/** What the Backend API adds to a resource: its state, and its expiry in its own units. */
interface VerifiedState extends VerifiedResource {
  revoked: boolean;
  expired: boolean;
  expiration: number | null;
}

/**
 * Clerk's resource docs disagree on units (`IdPOAuthAccessToken.expiration` "in seconds", the others and
 * its own `fromJwtPayload` in milliseconds): a value below 10^11 can only be seconds (year 5138 in ms).
 */
const toMs = (expiration: number | null) =>
  expiration === null ? null : expiration < 1e11 ? expiration * 1000 : expiration;

/**
 * How a refused call came back. `ClerkAPIResponseError` carries the Backend API's status: 404 (unknown,
 * revoked or expired — Clerk does not say which) and 400/422 are the token's fault; 401/403 mean our
 * secret key is wrong, and 429, 5xx or no status at all (network) that Clerk could not be asked: the
 * caller did nothing wrong, so 503. `TokenVerificationError` is the SDK's OAuth audience check.
 * Duck-typed: `@clerk/backend` ships CJS and ESM builds, so `instanceof` could miss.
 */
function reasonOf(error: unknown): AuthFailureReason {
  const { status, reason } = (error ?? {}) as { status?: unknown; reason?: unknown };
  if (reason === 'token-verification-failed') return 'token-invalid-audience';
  if (status === 404 || status === 400 || status === 422) return 'machine-token-invalid';
  return 'machine-verification-unavailable';
}

/**
 * Opaque machine tokens (`ak_…`, `mt_…`, `oat_…`) verified by Clerk's Backend API through the SDK's own
 * client (`apiKeys.verify`, `m2m.verify`, `idPOAuthAccessToken.verify`). What the SDK lacks (3.25), added
 * here: its fetch has no timeout and takes no AbortSignal, so each call races a timer (the caller gets
 * 503 on time; the call itself runs on and still counts as outstanding until it ends), and at most
 * `maxOutstanding` calls run at once — a flood of new tokens, or a hanging Backend API, costs a bounded
 * number of sockets and answers 503 beyond it instead of queueing without limit.
 */
export function createBackendApiVerifier(config: MachineConfig): BackendApiVerifier {
  const stats: BackendApiStats = { calls: 0, outstanding: 0, peakOutstanding: 0, saturated: 0, timeouts: 0 };
  let client: { apiUrl: string; clerk: ClerkClient } | null = null;
  const audience = config.oauthAudience ? [...config.oauthAudience] : undefined;
  const report = (problem: BackendApiProblem) => config.onUnavailable?.(problem);

  function clerkFor(apiUrl: string): ClerkClient {
    if (client?.apiUrl !== apiUrl) {
      const clerk = createClerkClient({
        apiUrl,
        secretKey: config.secretKey,
        machineSecretKey: config.machineSecretKey,
        telemetry: { disabled: true },
      });
      client = { apiUrl, clerk };
    }
    return client.clerk;
  }

  function call(clerk: ClerkClient, tokenType: MachineTokenType, token: string): Promise<VerifiedState> {
    if (tokenType === 'api_key') return clerk.apiKeys.verify(token);
    if (tokenType === 'm2m_token') return clerk.m2m.verify({ token });
    // Clerk's check when `aud` is absent is none at all; with no audience configured, refuse any `aud`.
    return clerk.idPOAuthAccessToken.verify(token, { audience }).then((verified) => {
      if (!audience && verified.aud?.length) throw { reason: 'token-verification-failed' };
      return verified;
    });
  }

  async function verify(tokenType: MachineTokenType, token: string): Promise<FactsVerification> {
    const apiUrl = typeof config.apiUrl === 'function' ? config.apiUrl() : config.apiUrl;
    if (!apiUrl) return UNAVAILABLE;
    if (stats.outstanding >= config.maxOutstanding) {
      stats.saturated += 1;
      report({ tokenType, problem: 'saturated' });
      return UNAVAILABLE;
    }
    stats.calls += 1;
    stats.outstanding += 1;
    stats.peakOutstanding = Math.max(stats.peakOutstanding, stats.outstanding);
    const pending = call(clerkFor(apiUrl), tokenType, token).finally(() => {
      stats.outstanding -= 1;
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), config.timeoutMs);
    });
    try {
      const verified = await Promise.race([pending, timedOut]);
      if (verified === 'timeout') {
        pending.catch(() => undefined); // it may still fail later: nobody is waiting for it any more
        stats.timeouts += 1;
        report({ tokenType, problem: 'timeout' });
        return UNAVAILABLE;
      }
      if (verified.revoked || verified.expired) return REFUSED;
      return factsOf(tokenType, verified, toMs(verified.expiration));
    } catch (error) {
      const reason = reasonOf(error);
      if (reason === 'machine-verification-unavailable') {
        const { status, message } = (error ?? {}) as { status?: number; message?: string };
        report({ tokenType, problem: 'error', status, message });
      }
      return { ok: false, reason };
    } finally {
      clearTimeout(timer);
    }
  }

  return { stats, verify };
}
