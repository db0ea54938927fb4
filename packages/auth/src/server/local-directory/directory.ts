/**
 * Local mode's user directory, playing Clerk's part: people sign up, create organizations, invite each
 * other by email, accept, change roles and leave. Each change is one Clerk webhook event appended to
 * `<dataDir>/auth/directory.jsonl` (in memory without a data folder); the state is those events folded
 * (directory-state.ts), and every new event is handed to the listeners: the webhook sender.
 * The four personas are its first events, written on the first start.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { PERSONAS, type PersonaMembership } from '../../personas';
import { JsonLinesFile } from '../json-lines-file';
import {
  type DirectoryInvitation,
  type DirectoryMembership,
  type DirectoryOrganization,
  type DirectoryUser,
  invitationPayload,
  membershipPayload,
  type OrgRole,
  organizationPayload,
  userPayload,
} from './clerk-payloads';
import { applyEvent, type DirectoryEvent, type DirectoryState, emptyState } from './directory-state';

export type DirectoryListener = (event: DirectoryEvent) => void;

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

export class LocalDirectory {
  readonly #file: JsonLinesFile<DirectoryEvent>;
  readonly #listeners = new Set<DirectoryListener>();
  #state: DirectoryState = emptyState();
  #version = -1;
  #clock = 0;
  /** Checks and writes of one change happen together: changes in this process queue here. */
  #queue: Promise<unknown> = Promise.resolve();

  /** `dataDir`: persist under `<dataDir>/auth/`; omitted: in memory. */
  constructor(dataDir?: string) {
    this.#file = new JsonLinesFile(dataDir ? join(dataDir, 'auth', 'directory.jsonl') : null);
  }

  /** The state as of now (re-read when another process appended). */
  async state(): Promise<DirectoryState> {
    const events = await this.#file.read();
    if (this.#version !== this.#file.version) {
      const state = emptyState();
      for (const event of events) applyEvent(state, event);
      this.#state = state;
      this.#version = this.#file.version;
      this.#clock = Math.max(this.#clock, events.at(-1)?.timestamp ?? 0);
    }
    return this.#state;
  }

  /** Every event so far, oldest first: what the webhook sender offers the API at start. */
  events(): Promise<readonly DirectoryEvent[]> {
    return this.#file.read();
  }

  onEvent(listener: DirectoryListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Runs `change` with the current state and the means to record events, alone in this process.
   * Events are written in order and announced once written.
   */
  change<T>(change: (state: DirectoryState, record: Recorder) => T | Promise<T>): Promise<T> {
    const run = this.#queue.then(async () => {
      const state = await this.state();
      const pending: DirectoryEvent[] = [];
      const record = this.#recorder(state, pending);
      let result: T;
      try {
        result = await change(state, record);
      } catch (error) {
        this.#version = -1; // the refused change may have touched the folded state: fold again
        throw error;
      }
      for (const event of pending) await this.#file.append(event);
      await this.state();
      for (const event of pending) for (const listener of this.#listeners) listener(event);
      return result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** The personas, as their sign-ups, organizations and memberships, if the directory is empty. */
  seedPersonas(): Promise<void> {
    return this.change((state, record) => {
      if (state.users.size > 0) return;
      for (const persona of PERSONAS) {
        record.user({
          id: persona.userId,
          firstName: persona.firstName,
          lastName: persona.lastName,
          email: persona.email,
          publicMetadata: { ...persona.publicMetadata },
        });
      }
      const all: readonly PersonaMembership[] = PERSONAS.flatMap((persona) => [...persona.memberships]);
      for (const m of all) {
        if (!state.organizations.has(m.orgId)) {
          record.organization({ id: m.orgId, name: m.orgName, slug: m.orgSlug, createdBy: null });
        }
      }
      for (const persona of PERSONAS) {
        for (const m of persona.memberships) record.membership(m.orgId, persona.userId, m.role, 'created');
      }
    });
  }

  #now(): number {
    // Strictly increasing: the API keeps an update only when it is newer than the stored version.
    this.#clock = Math.max(Date.now(), this.#clock + 1);
    return this.#clock;
  }

  #recorder(state: DirectoryState, pending: DirectoryEvent[]): Recorder {
    const emit = (type: string, data: Record<string, unknown>, timestamp: number) => {
      const event = { id: newId('msg_local'), type, timestamp, data };
      applyEvent(state, event);
      pending.push(event);
    };
    return {
      user: (input) => {
        const at = this.#now();
        const user: DirectoryUser = { ...input, createdAt: at, updatedAt: at };
        emit('user.created', userPayload(user), at);
        return user;
      },
      organization: (input) => {
        const at = this.#now();
        const org: DirectoryOrganization = { ...input, createdAt: at, updatedAt: at };
        emit('organization.created', organizationPayload(org), at);
        return org;
      },
      membership: (orgId, userId, role, kind) => {
        const at = this.#now();
        const existing = state.memberships.get(`${orgId} ${userId}`);
        const membership: DirectoryMembership = {
          id: existing?.id ?? newId('orgmem'),
          orgId,
          userId,
          role,
          createdAt: existing?.createdAt ?? at,
          updatedAt: at,
        };
        const data = membershipPayload(membership, state.organizations.get(orgId)!, state.users.get(userId)!);
        emit(`organizationMembership.${kind}`, data, at);
      },
      invitation: (input, kind) => {
        const at = this.#now();
        const invitation: DirectoryInvitation = { ...input, createdAt: input.createdAt ?? at, updatedAt: at };
        emit(`organizationInvitation.${kind}`, invitationPayload(invitation), at);
        return invitation;
      },
      newId,
    };
  }
}

/** What a change records; each call is one event, applied to the state at once. */
export interface Recorder {
  user(input: Omit<DirectoryUser, 'createdAt' | 'updatedAt'>): DirectoryUser;
  organization(input: Omit<DirectoryOrganization, 'createdAt' | 'updatedAt'>): DirectoryOrganization;
  membership(orgId: string, userId: string, role: OrgRole, kind: 'created' | 'updated' | 'deleted'): void;
  invitation(
    input: Omit<DirectoryInvitation, 'createdAt' | 'updatedAt'> & { createdAt?: number },
    kind: 'created' | 'accepted' | 'revoked',
  ): DirectoryInvitation;
  newId(prefix: string): string;
}
