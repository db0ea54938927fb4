// Server entry of @gatehouse/auth: token extraction, verification, claims → typed auth object, local issuer.
export { type Authenticator, createAuthenticator } from './authenticator';
export type { BackendApiStats } from './backend-api';
export { authObjectFromClaims, InvalidClaimsError } from './claims';
export { clerkEndpointsFromPublishableKey } from './clerk-endpoints';
export {
  type AuthenticatorConfig,
  type BackendApiProblem,
  CLERK_API_URL,
  DEFAULT_BACKEND_API_MAX_OUTSTANDING,
  DEFAULT_BACKEND_API_TIMEOUT_MS,
  DEFAULT_CLOCK_SKEW_MS,
  DEFAULT_MACHINE_CACHE_TTL_MS,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  DEFAULT_TOKEN_CACHE_SIZE,
  defaultMachineConfig,
  type KeySource,
  type MachineConfig,
} from './config';
export { extractCredential, SESSION_COOKIE } from './extract';
export {
  type BackendApiRequest,
  type BackendApiResponse,
  clerkJson,
  handleBackendApiRequest,
} from './local-backend/backend-api-handler';
export { type CreateMachineInput, type MachineRecord, MachineStore } from './local-backend/machine-store';
export {
  LOCAL_ISSUER,
  type LocalMember,
  memberSessionClaims,
  NotAMemberError,
  type PersonaClaimsInput,
  personaSessionClaims,
  UnknownPersonaError,
} from './local-claims';
export * from './local-directory';
export { type LocalIssuer, loadLocalIssuer } from './local-issuer';
export { InvalidMachineTokenError, type MachineTokenFacts, machineAuthFrom } from './machine-auth';
export { publicKeyPemFromPem } from './public-keys';
export { getAuth, requestLogFields, runInRequest, runWithAuth } from './request-auth';
export { type SessionClaimsInput, type SessionOrg, sessionClaims } from './session-claims';
