// Shared entry of @gatehouse/auth: the auth object's types and the API's reasons, safe for both
// server and browser.

export {
  actingUserId,
  actorId,
  type CallerIds,
  callerAttributes,
  callerIds,
  principalKey,
  type SubjectKind,
  subjectKindOf,
} from './caller';

export {
  findMachinePersona,
  findPersona,
  MACHINE_PERSONAS,
  type MachinePersona,
  ORG_PLANS,
  PERSONAS,
  type Persona,
  type PersonaId,
  type PersonaMembership,
  PLAN_FEATURES,
  type PlanSlug,
  ROLE_PERMISSIONS,
} from './personas';
export {
  ACCESS_DENIED_REASONS,
  type AccessDeniedReason,
  type ApiReason,
  AUTH_FAILURE_REASONS,
  type AuthFailureCode,
  type AuthFailureReason,
  type AuthFailureStatus,
  isAccessDeniedReason,
  isApiReason,
  isAuthFailureReason,
  isRequestRefusalReason,
  OUTAGE_REASONS,
  REQUEST_REFUSAL_REASONS,
  type RequestRefusalReason,
  statusForReason,
  trpcCodeForReason,
} from './reasons';
export { signedOutAuth } from './signed-out';
export type * from './types';
export { MACHINE_TOKEN_TYPES } from './types';
