// Server entry of @gatehouse/auth: token extraction, verification, claims → auth object, local issuer.
export type { AuthFailureReason, AuthObject, OrgAuth, SignedInAuth, SignedOutAuth } from '../types';
export { type Authenticator, type AuthenticatorStats, createAuthenticator } from './authenticator';
export { authObjectFromClaims, InvalidClaimsError } from './claims';
export { type ClerkEndpoints, clerkEndpointsFromPublishableKey } from './clerk-endpoints';
export {
  type AuthenticatorConfig,
  DEFAULT_CLOCK_SKEW_MS,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  DEFAULT_TOKEN_CACHE_SIZE,
  type KeySource,
  type VerifierConfig,
} from './config';
export { type Credential, extractCredential, SESSION_COOKIE } from './extract';
export { JwksKeyStore, type JwksKeyStoreOptions, type KeyLookup } from './jwks-key-store';
export {
  authObjectForPersona,
  encodeOrgPermissions,
  LOCAL_ISSUER,
  LOCAL_TOKEN_LIFETIME_SECONDS,
  localSessionClaims,
  NotAMemberError,
  UnknownPersonaError,
} from './local-claims';
export {
  createLocalIssuer,
  type LocalIssuer,
  loadLocalIssuer,
  loadOrCreateLocalKey,
  type MintedToken,
  type MintInput,
} from './local-issuer';
export { publicKeyPemFromJwk, publicKeyPemFromPem, UnsupportedKeyError } from './public-keys';
export {
  getAuth,
  type RequestLogFields,
  requestLogFields,
  runInRequest,
  runWithAuth,
} from './request-auth';
export { createTokenVerifier, type TokenVerifier, type Verification } from './verifier';
