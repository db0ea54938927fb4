import { randomBytes } from 'node:crypto';
import { findPersona, ORG_PLANS, PLAN_FEATURES, type PlanSlug, ROLE_PERMISSIONS } from '../personas';
import { type SessionBilling, type SessionClaimsInput, sessionClaims } from './session-claims';

/** Stable `iss` of the local issuer: not a URL anyone could host. */
export const LOCAL_ISSUER = 'urn:gatehouse:local-issuer';

export class UnknownPersonaError extends Error {
  constructor(readonly userId: string) {
    super(`No persona with id ${JSON.stringify(userId)}`);
    this.name = 'UnknownPersonaError';
  }
}

export class NotAMemberError extends Error {
  constructor(
    readonly userId: string,
    readonly orgId: string,
  ) {
    super(`${userId} is not a member of ${orgId}`);
    this.name = 'NotAMemberError';
  }
}

export function newSessionId(): string {
  return `sess_local_${randomBytes(12).toString('base64url')}`;
}

export interface PersonaClaimsInput extends Omit<SessionClaimsInput, 'org' | 'issuer'> {
  /** The active organization: one of the persona's memberships, or none. */
  orgId?: string | null | undefined;
  /** The local issuer's by default. */
  issuer?: string | undefined;
}

/** The persona's plan and the active org's, with their features, scoped as Clerk's `pla` / `fea` say. */
function personaBilling(userPlan: PlanSlug, orgId: string | null | undefined): SessionBilling {
  const orgPlan = orgId ? ORG_PLANS[orgId] : undefined;
  const scoped = (scope: 'u' | 'o', plan: PlanSlug) => PLAN_FEATURES[plan].map((f) => `${scope}:${f}`);
  return {
    plans: [`u:${userPlan}`, ...(orgPlan ? [`o:${orgPlan}`] : [])],
    features: [...scoped('u', userPlan), ...(orgPlan ? scoped('o', orgPlan) : [])],
  };
}

/** Who a local token is for: a persona, or a person of the local directory (same shape). */
export interface LocalMember {
  userId: string;
  plan: PlanSlug;
  publicMetadata: { tier: string };
  memberships: readonly { orgId: string; orgSlug: string; role: keyof typeof ROLE_PERMISSIONS }[];
}

/**
 * A persona's session claims: its org membership with the role's permissions, its plans, and its public
 * metadata as the `metadata` custom claim (what a Clerk session token customisation would add). Kept
 * apart from the signing so tests get the exact claims a real local token carries.
 * Throws `UnknownPersonaError`, or `NotAMemberError` for an org the persona does not belong to.
 */
export function personaSessionClaims(input: PersonaClaimsInput): Record<string, unknown> {
  const persona = findPersona(input.userId);
  if (!persona) throw new UnknownPersonaError(input.userId);
  return memberSessionClaims(persona, input);
}

/** `personaSessionClaims` for anyone with memberships: what the local issuer signs from its directory. */
export function memberSessionClaims(member: LocalMember, input: PersonaClaimsInput): Record<string, unknown> {
  const { orgId, issuer, claims, ...session } = input;
  const membership = orgId ? member.memberships.find((m) => m.orgId === orgId) : undefined;
  if (orgId && !membership) throw new NotAMemberError(member.userId, orgId);
  return sessionClaims({
    ...session,
    issuer: issuer ?? LOCAL_ISSUER,
    org: membership && {
      id: membership.orgId,
      role: membership.role,
      slug: membership.orgSlug,
      permissions: ROLE_PERMISSIONS[membership.role],
    },
    billing: personaBilling(member.plan, membership?.orgId),
    claims: { metadata: { tier: member.publicMetadata.tier }, ...claims },
  });
}
