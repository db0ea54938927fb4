import { subjectKindOf } from '../caller';
import type { MachineAuth, MachineTokenType } from '../types';

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
