/**
 * Which machine credentials a procedure accepts. Machines are refused everywhere by default; a procedure
 * opts in on its tier with the grants below, and the grants are recorded in `meta.machines`, so the
 * auth matrix tests them and the access table in docs/security.md shows them:
 *
 *   orgProcedure.or(apiKey('tasks:read'))          an organization's API key holding `tasks:read`
 *   protectedProcedure.or(apiKey('notes:read'))    a user's API key, acting as that user
 *   machineProcedure(apiKey(), m2mToken(), oauthToken())   machines only, any of these, any scopes
 *
 * The tier decides whose credential it must be: a session tier takes a credential acting for what it
 * guarantees (`protectedProcedure`: a user, `user_…`; `orgProcedure`: an organization, `org_…`), so a
 * resolver's `ctx.auth.orgId` means the same for an org member and an org's key. A grant lists the
 * scopes the credential must hold, all of them; any one grant suffices.
 */
import type { MachineTokenType, SubjectKind } from '@gatehouse/auth';

export interface MachineGrant<TType extends MachineTokenType = MachineTokenType> {
  readonly tokenType: TType;
  /** Every one of these must be among the credential's scopes. */
  readonly scopes: readonly string[];
}

/** A grant as recorded in `meta.machines`: with the subject kind its tier requires. */
export interface DeclaredMachineGrant extends MachineGrant {
  /** `any` on `machineProcedure`. */
  readonly subject: SubjectKind | 'any';
}

/** Clerk API keys (`ak_…`) holding `scopes`. */
export const apiKey = (...scopes: string[]): MachineGrant<'api_key'> => ({ tokenType: 'api_key', scopes });
/** Clerk M2M tokens (`mt_…` or JWT, for a `mch_…` machine) holding `scopes`. */
export const m2mToken = (...scopes: string[]): MachineGrant<'m2m_token'> => ({
  tokenType: 'm2m_token',
  scopes,
});
/** OAuth access tokens Clerk issued to an OAuth application (`oat_…` or JWT) holding `scopes`. */
export const oauthToken = (...scopes: string[]): MachineGrant<'oauth_token'> => ({
  tokenType: 'oauth_token',
  scopes,
});

export function declareGrants(
  grants: readonly MachineGrant[],
  subject: DeclaredMachineGrant['subject'],
): DeclaredMachineGrant[] {
  return grants.map((grant) =>
    Object.freeze({ ...grant, scopes: Object.freeze([...grant.scopes]), subject }),
  );
}

const TYPE_NAMES: Record<MachineTokenType, string> = {
  api_key: 'API keys',
  m2m_token: 'M2M tokens',
  oauth_token: 'OAuth access tokens',
};
const SUBJECT_NAMES: Record<DeclaredMachineGrant['subject'], string> = {
  user: ' of a user',
  org: ' of an organization',
  machine: ' of a machine',
  any: '',
};

/** `API keys of an organization with tasks:read`: for messages and the access table. */
export function describeGrant({ tokenType, subject, scopes }: DeclaredMachineGrant): string {
  const held = scopes.length > 0 ? ` with ${scopes.join(' + ')}` : '';
  return `${TYPE_NAMES[tokenType]}${SUBJECT_NAMES[subject]}${held}`;
}
