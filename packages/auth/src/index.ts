// Shared entry of @gatehouse/auth: the auth object's types, safe for both server and browser.

export {
  findPersona,
  PERSONAS,
  type Persona,
  type PersonaId,
  type PersonaMembership,
  ROLE_PERMISSIONS,
} from './personas';
export {
  AUTH_FAILURE_REASONS,
  type AuthFailureCode,
  type AuthFailureStatus,
  statusForReason,
  trpcCodeForReason,
} from './reasons';
export { signedOutAuth } from './signed-out';
export type * from './types';
