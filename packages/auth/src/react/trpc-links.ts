// `@gatehouse/auth/trpc-links`: the tRPC auth links alone, without the Clerk stand-in or anything that
// needs the DOM, for Node clients of the API (tests, scripts, a BFF). The SPA imports `./react`.
export { FRESH_TOKEN_CAN_HELP, freshTokenCanHelp, isUnauthorized, readApiFailure } from './auth-errors';
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
  type BearerEventSourceAuth,
  bearerEventSourceOptions,
  type EventSourceFetch,
  resubscribeWithFreshToken,
} from './subscription-auth';
