// Browser entry of @gatehouse/auth: the tRPC auth link and the local Clerk-compatible instance.
export type { AuthFailureReason, AuthObject } from '../types';
export {
  type ApiFailure,
  FRESH_TOKEN_CAN_HELP,
  freshTokenCanHelp,
  isUnauthorized,
  readApiFailure,
} from './auth-errors';
export {
  createTRPCAuth,
  FRESH_TOKEN_CONTEXT,
  type GetToken,
  type GetTokenOptions,
  type TRPCAuth,
  type TRPCAuthOptions,
  type UnauthorizedEvent,
} from './auth-link';
export { DevAuthError } from './dev-auth-client';
export { LocalClerk, type LocalClerkOptions } from './local-clerk';
export type { LocalMembership, LocalOrganization, LocalResources, LocalUser } from './local-resources';
export {
  type BearerEventSourceAuth,
  bearerEventSourceOptions,
  type EventSourceFetch,
  resubscribeWithFreshToken,
} from './subscription-auth';
