// Browser entry of @gatehouse/auth: the tRPC auth links (shared with Node clients through
// `./trpc-links`) plus the local Clerk-compatible instance.
export type { AuthFailureReason, AuthObject } from '../types';
export type { ApiFailure } from './auth-errors';
export { DevAuthError } from './dev-auth-client';
export { LocalClerk, type LocalClerkOptions } from './local-clerk';
export type { LocalMembership, LocalOrganization, LocalResources, LocalUser } from './local-resources';
export * from './trpc-links';
