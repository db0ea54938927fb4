// `@gatehouse/auth/trpc-links`: the tRPC auth links alone, without the Clerk stand-in, for Node clients
// of the API (tests, scripts, a BFF). The SPA imports `@gatehouse/auth/browser`, which includes them.
export { type ApiFailure, readApiFailure } from './auth-errors';
export {
  createTRPCAuth,
  FRESH_TOKEN_CONTEXT,
  type GetToken,
  type GetTokenOptions,
  type TRPCAuth,
  type TRPCAuthOptions,
  type UnauthorizedEvent,
} from './auth-link';
export {
  type CallerIdentity,
  callerIdentityLink,
  IDENTITY_CONTEXT,
  IdentityChangedError,
  identityOfToken,
  isIdentityChanged,
} from './caller-identity';
export { bearerEventSourceOptions } from './subscription-auth';
export { newTraceparent, withTraceparent } from './trace-context';
