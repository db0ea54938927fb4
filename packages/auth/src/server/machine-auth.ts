import { subjectKindOf } from '../caller';
import type { AuthFailureReason, MachineAuth, MachineTokenType } from '../types';

/** What a verified machine credential says, whichever way it was verified (Backend API or JWT). */
export interface MachineTokenFacts {
  tokenType: MachineTokenType;
  /** `ak_…` / `mt_…` / `oat_…` id, or the JWT's `jti`. */
  id: string;
  subject: string;
  scopes: readonly string[];
  name?: string | null;
  claims?: Record<string, unknown> | null;
  /** Epoch ms, or null: never expires. */
  expirationMs: number | null;
}

/** What a verification of either form (Backend API, JWT) ends in: the facts, or why not. */
export type FactsVerification =
  | { ok: true; facts: MachineTokenFacts }
  | { ok: false; reason: AuthFailureReason };

/** The fields of Clerk's verified resources we read (`APIKey`, `M2MToken`, `IdPOAuthAccessToken`). */
export interface VerifiedResource {
  id: string;
  subject: string;
  scopes?: string[];
  name?: string;
  claims?: Record<string, unknown> | null;
}

/** A verified resource as facts; `expirationMs` already in epoch ms (the units differ by source). */
export function factsOf(
  tokenType: MachineTokenType,
  resource: VerifiedResource,
  expirationMs: number | null,
): FactsVerification {
  const { id, subject, scopes = [], name = null, claims = null } = resource;
  return { ok: true, facts: { tokenType, id, subject, scopes, name, claims, expirationMs } };
}

export class InvalidMachineTokenError extends Error {
  constructor(detail: string) {
    super(`Invalid machine token: ${detail}`);
    this.name = 'InvalidMachineTokenError';
  }
}

/** Whose credential each type may be: Clerk issues API keys to users and orgs, M2M tokens to machines. */
const SUBJECTS: Record<MachineTokenType, ReadonlySet<string>> = {
  api_key: new Set(['user', 'org']),
  m2m_token: new Set(['machine']),
  oauth_token: new Set(['user']),
};

const isString = (value: unknown): value is string => typeof value === 'string';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Builds the machine auth object from already VERIFIED facts (the machine verifier calls it once Clerk
 * or the signature said yes). Shapes are checked, not trusted: a subject of the wrong kind for its type
 * (an M2M token for `user_…`, an API key for `mch_…`) is refused rather than given a meaning. Exported
 * so tests build exactly what a verified request carries. Throws `InvalidMachineTokenError`.
 */
export function machineAuthFrom(facts: MachineTokenFacts): MachineAuth {
  const { tokenType, id, subject, scopes, name = null, claims = null, expirationMs } = facts;
  if (!isString(subject) || !SUBJECTS[tokenType].has(subjectKindOf(subject) ?? '')) {
    throw new InvalidMachineTokenError(`a ${tokenType} cannot belong to ${JSON.stringify(subject)}`);
  }
  if (!isString(id) || id === '') throw new InvalidMachineTokenError('missing id');
  if (!Array.isArray(scopes) || !scopes.every(isString)) throw new InvalidMachineTokenError('bad scopes');
  if (expirationMs !== null && !Number.isFinite(expirationMs)) {
    throw new InvalidMachineTokenError('bad expiration');
  }
  return Object.freeze({
    tokenType,
    isAuthenticated: true as const,
    subject,
    orgId: subjectKindOf(subject) === 'org' ? subject : null,
    scopes: Object.freeze([...scopes]),
    tokenId: id,
    name: isString(name) ? name : null,
    expiresAt: expirationMs === null ? null : Math.floor(expirationMs / 1000),
    claims: claims && typeof claims === 'object' ? deepFreeze({ ...claims }) : null,
    has: () => false as const,
  } satisfies MachineAuth);
}
