/**
 * Test and bench support (`@gatehouse/auth/testing`), never imported by app code: a stand-in for a Clerk
 * instance of the test's own — its signing key published the ways Clerk publishes it (the PEM of
 * CLERK_JWT_KEY, a JWKS entry) — that mints Clerk-shaped session and machine tokens, so the API runs in
 * Clerk mode with no network; a loopback stand-in of Clerk's Backend API for opaque machine tokens; the
 * hostile tokens of the attack suites; and raw JWT signing for any other.
 */
export {
  type BackendApiStandIn,
  type StandInBehaviour,
  startBackendApiStandIn,
} from './testing/backend-api-stand-in';
export {
  type ClerkTestInstance,
  type ClerkTestInstanceOptions,
  createClerkTestInstance,
  type TestSession,
} from './testing/clerk-instance';
export { hostileMachineTokens } from './testing/hostile-machine-tokens';
export { type HostileToken, hostileTokens } from './testing/hostile-tokens';
export { encodeSegment, signHs256, signRs256 } from './testing/raw-jwt';
