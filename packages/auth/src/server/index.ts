// Server entry of @gatehouse/auth: token extraction, verification, claims → typed auth object, local issuer.
export { type Authenticator, createAuthenticator } from './authenticator';
export { authObjectFromClaims, InvalidClaimsError } from './claims';
export { clerkEndpointsFromPublishableKey } from './clerk-endpoints';
export {
  type AuthenticatorConfig,
  DEFAULT_CLOCK_SKEW_MS,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  DEFAULT_TOKEN_CACHE_SIZE,
  type KeySource,
} from './config';
export { extractCredential, SESSION_COOKIE } from './extract';
export {
  LOCAL_ISSUER,
  NotAMemberError,
  type PersonaClaimsInput,
  personaSessionClaims,
  UnknownPersonaError,
} from './local-claims';
export { type LocalIssuer, loadLocalIssuer } from './local-issuer';
export { publicKeyPemFromPem } from './public-keys';
export { getAuth, requestLogFields, runInRequest, runWithAuth } from './request-auth';
export { type SessionClaimsInput, type SessionOrg, sessionClaims } from './session-claims';
