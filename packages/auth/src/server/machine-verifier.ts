import type { AuthFailureReason, MachineAuth, MachineTokenType } from '../types';
import { type BackendApiStats, createBackendApiVerifier } from './backend-api';
import type { MachineConfig, VerifierConfig } from './config';
import type { KeyResolver } from './key-resolver';
import { InvalidMachineTokenError, type MachineTokenFacts, machineAuthFrom } from './machine-auth';
import { verifyMachineJwt } from './machine-jwt';
import { checkMachineJwt } from './machine-token-format';
import type { DecodedToken } from './token-format';

export type MachineVerification =
  | { ok: true; auth: MachineAuth; validUntilMs: number }
  | { ok: false; reason: AuthFailureReason };

export interface MachineVerifier {
  readonly backendApi: BackendApiStats;
  verifyOpaque(tokenType: MachineTokenType, token: string): Promise<MachineVerification>;
  verifyJwt(
    tokenType: 'm2m_token' | 'oauth_token',
    token: string,
    decoded: DecodedToken,
  ): Promise<MachineVerification>;
}

/**
 * Machine credentials, each form its own way: JWTs after our pre-checks with the session's key
 * configuration (networkless), opaque tokens through Clerk's Backend API. Either way the verified facts
 * become a `MachineAuth`, with the deadline until which the verified-token cache may serve it: a JWT's
 * `exp` (it cannot be revoked early), an opaque token's `cacheTtlMs` (revocation shows within it).
 */
export function createMachineVerifier(
  config: VerifierConfig,
  machine: MachineConfig,
  keys: KeyResolver,
): MachineVerifier {
  const backendApi = createBackendApiVerifier(machine);
  const jwtChecks = {
    oauthAudience: machine.oauthAudience,
    clockSkewMs: config.clockSkewMs,
    maxTokenLifetimeSeconds: config.maxTokenLifetimeSeconds,
  };

  function accept(facts: MachineTokenFacts, validUntilMs: number): MachineVerification {
    try {
      return { ok: true, auth: machineAuthFrom(facts), validUntilMs };
    } catch (error) {
      if (error instanceof InvalidMachineTokenError) return { ok: false, reason: 'token-invalid-claims' };
      throw error;
    }
  }

  return {
    backendApi: backendApi.stats,

    async verifyOpaque(tokenType, token) {
      const result = await backendApi.verify(tokenType, token);
      if (!result.ok) return result;
      const { expirationMs } = result.facts;
      const ttlEnd = Date.now() + machine.cacheTtlMs;
      return accept(result.facts, expirationMs === null ? ttlEnd : Math.min(ttlEnd, expirationMs));
    },

    async verifyJwt(tokenType, token, decoded) {
      const refused = checkMachineJwt(tokenType, decoded, jwtChecks);
      if (refused) return { ok: false, reason: refused };
      const key = await keys.resolve(decoded.header.kid);
      if (!key.ok) return key;
      const result = await verifyMachineJwt(token, tokenType, { ...jwtChecks, pem: key.pem });
      if (!result.ok) return result;
      const exp = decoded.payload.exp as number;
      return accept(result.facts, exp * 1000 + config.clockSkewMs);
    },
  };
}
