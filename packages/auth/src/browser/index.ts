// `@gatehouse/auth/browser`: what the SPA needs at runtime — the tRPC auth links (also served alone,
// for Node clients, as `@gatehouse/auth/trpc-links`) and `LocalClerk`, the Clerk-compatible instance of
// local mode. No React code: the app hands `LocalClerk` to `@clerk/react`'s provider.
export {
  type DevApiKey,
  DevAuthError,
  type DevInvitation,
  type DevOrganization,
  type SignUpInput,
} from './dev-auth-client';
export type { LocalAccounts } from './local-accounts';
export { LocalClerk, type LocalClerkOptions } from './local-clerk';
export * from './trpc-links';
