/**
 * What Clerk's `<SignUp>`, `<CreateOrganization>`, `<OrganizationSwitcher>` and `<OrganizationProfile>`
 * do, against the local directory (`/dev/auth`): the local stand-ins of those components call these.
 * Each change the signed-in person makes to their own memberships is followed at once by a new token
 * (`reloadUser`); others see theirs in their next token.
 */
import type { DevOrganization, DevPersona, SignUpInput } from './dev-auth-client';
import type { LocalClerk } from './local-clerk';

type Role = DevPersona['memberships'][number]['role'];
interface OrganizationRef {
  id: string;
  name: string;
  slug: string;
}

export class LocalAccounts {
  readonly #clerk: LocalClerk;

  constructor(clerk: LocalClerk) {
    this.#clerk = clerk;
  }

  /** A new person, then signed in as them (as `<SignUp>` ends in a session). */
  async signUp(input: SignUpInput): Promise<void> {
    const person = await this.#clerk.devAuth.signUp(input);
    await this.#clerk.signInAsPersona(person.userId, { reload: true });
  }

  /** A new organization with the caller as its admin, then active (as `<CreateOrganization>` does). */
  async createOrganization(name: string): Promise<OrganizationRef> {
    const { organization } = await this.#call<{ organization: OrganizationRef }>('POST', '/organizations', {
      name,
    });
    await this.#clerk.reloadUser(organization.id);
    return organization;
  }

  /** Joins the organization of a pending invitation to the caller, and makes it active. */
  async acceptInvitation(invitationId: string): Promise<OrganizationRef> {
    const path = `/invitations/${encodeURIComponent(invitationId)}/accept`;
    const { organization } = await this.#call<{ organization: OrganizationRef }>('POST', path);
    await this.#clerk.reloadUser(organization.id);
    return organization;
  }

  organization(orgId: string): Promise<DevOrganization> {
    return this.#call('GET', `/organizations/${encodeURIComponent(orgId)}`);
  }

  async invite(orgId: string, emailAddress: string, role: Role): Promise<void> {
    await this.#call('POST', `/organizations/${encodeURIComponent(orgId)}/invitations`, {
      emailAddress,
      role,
    });
  }

  async setRole(orgId: string, userId: string, role: Role): Promise<void> {
    await this.#call('PATCH', this.#membership(orgId, userId), { role });
    if (userId === this.#clerk.person?.userId) await this.#clerk.reloadUser();
  }

  async removeMember(orgId: string, userId: string): Promise<void> {
    await this.#call('DELETE', this.#membership(orgId, userId));
    if (userId === this.#clerk.person?.userId) await this.#clerk.reloadUser();
  }

  #membership(orgId: string, userId: string) {
    return `/organizations/${encodeURIComponent(orgId)}/memberships/${encodeURIComponent(userId)}`;
  }

  async #call<T>(method: string, path: string, payload?: unknown): Promise<T> {
    const token = await this.#clerk.session?.getToken();
    if (!token) throw new Error('Sign in first');
    return this.#clerk.devAuth.asUser<T>(token, method, path, payload);
  }
}
