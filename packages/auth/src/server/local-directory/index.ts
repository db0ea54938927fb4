// The local directory: people and organizations of local mode, and their Clerk webhooks.
export {
  acceptInvitation,
  createOrganization,
  DirectoryError,
  invite,
  removeMember,
  setRole,
  signUp,
} from './accounts';
export { ORG_ROLES, type OrgRole } from './clerk-payloads';
export { type DirectoryDeliveries, deliverDirectoryEvents } from './deliveries';
export { LocalDirectory } from './directory';
export type { DirectoryEvent } from './directory-state';
export {
  type DirectoryPerson,
  type OrganizationView,
  organizationView,
  type PersonInvitation,
  type PersonMembership,
  people,
  personOf,
} from './views';
export { type DeliveryLog, LOCAL_RETRY_DELAYS_MS, WebhookSender } from './webhook-sender';
