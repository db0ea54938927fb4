// Shared entry of @gatehouse/auth: the auth object's types and the API's reasons, safe for both
// server and browser.

export {
  findPersona,
  PERSONAS,
  type Persona,
  type PersonaId,
  type PersonaMembership,
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
  REQUEST_REFUSAL_REASONS,
  type RequestRefusalReason,
  statusForReason,
  trpcCodeForReason,
} from './reasons';
export { signedOutAuth } from './signed-out';
export type * from './types';
