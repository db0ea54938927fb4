/**
 * A Clerk-compatible instance backed by the API's local issuer, passed to `<ClerkProvider Clerk={…}>`
 * so app code uses Clerk's own hooks (`useAuth`, `useUser`, `useOrganization`, `<Show>`) in both modes.
 * It implements the part of clerk-js that `@clerk/react` 6 calls: `load`, `addListener`,
 * `__internal_lastEmittedResources`, `session.getToken`, `setActive`, `signOut`,
 * `__internal_attemptToEnableEnvironmentSetting`; plus `signInAsPersona` / `listPersonas` for the
 * local sign-in screen. Tokens live 60 s and are refreshed before they expire (session-token-refresh.ts).
 * Every tab of the browser shares one session (tab-sync.ts), like Clerk's.
 */
import type { GetTokenOptions } from './auth-link';
import { DevAuthClient, DevAuthError, type DevPersona } from './dev-auth-client';
import { LocalAccounts } from './local-accounts';
import { type ActiveState, buildResources, type LocalResources, nextResources } from './local-resources';
import { type SavedChoice, SavedSession, type StorageLike } from './saved-session';
import { SessionTokenRefresh } from './session-token-refresh';
import { followOtherTabs } from './tab-sync';

type Listener = (resources: LocalResources) => void;

export interface LocalClerkOptions {
  apiUrl: string;
  fetch?: typeof fetch;
  /** Where the chosen persona and org survive a reload; `null` keeps them in memory only. */
  storage?: StorageLike | null;
  /** Refresh this long before a token expires (default 15 s of a 60 s token). */
  refreshMarginMs?: number;
}

export class LocalClerk {
  loaded = false;
  /** Why restoring the saved session failed at load, for the sign-in screen to explain. */
  loadError: Error | null = null;
  /** Something the signed-in person should be told (e.g. they were removed from the active org). */
  notice: string | null = null;
  __internal_lastEmittedResources: LocalResources = buildResources(null, null);

  readonly #api: DevAuthClient;
  readonly #saved: SavedSession;
  readonly #listeners = new Set<Listener>();
  #personas: Promise<DevPersona[]> | null = null;
  #state: ActiveState | null = null;
  #generation = 0;
  readonly #tokens: SessionTokenRefresh<ActiveState>;
  readonly #stopFollowingTabs: () => void;

  constructor(options: LocalClerkOptions) {
    this.#api = new DevAuthClient(options.apiUrl, options.fetch);
    const storage = options.storage === undefined ? (globalThis.localStorage ?? null) : options.storage;
    this.#saved = new SavedSession(storage);
    this.#tokens = new SessionTokenRefresh<ActiveState>(
      {
        generation: () => this.#generation,
        isCurrent: (state) => this.#state === state,
        mint: (state) => this.#api.mintToken(state.persona.userId, state.orgId, state.sessionId),
        refreshed: (token) => {
          if (this.#state) this.#commit({ ...this.#state, token });
        },
        removedFromOrg: () => void this.reloadUser().catch(() => this.signOut()),
        refusedForGood: () => void this.signOut(),
      },
      options.refreshMarginMs ?? 15_000,
    );
    this.#stopFollowingTabs =
      storage && storage === globalThis.localStorage
        ? followOtherTabs(globalThis.localStorage, (choice) => void this.#follow(choice))
        : () => {};
  }

  /** The local issuer's HTTP client, for local-mode screens with no Clerk equivalent (API key scopes). */
  get devAuth(): DevAuthClient {
    return this.#api;
  }

  /** Sign-up and organization management, for the stand-ins of Clerk's account components. */
  readonly accounts = new LocalAccounts(this);

  get client() {
    return this.__internal_lastEmittedResources.client;
  }
  get session() {
    return this.__internal_lastEmittedResources.session;
  }
  get user() {
    return this.__internal_lastEmittedResources.user;
  }
  get organization() {
    return this.__internal_lastEmittedResources.organization;
  }
  get isSignedIn() {
    return this.#state !== null;
  }

  /** Restores the saved session; call again to retry after `loadError` (e.g. the API was down). */
  async load(): Promise<void> {
    this.loadError = null;
    const saved = this.#saved.read();
    if (saved) {
      try {
        await this.#restore(saved);
      } catch (error) {
        this.loadError = error instanceof Error ? error : new Error(String(error));
        // The server refused this persona/org: forget it. Unreachable: keep it for the next reload.
        if (error instanceof DevAuthError && error.status !== null) this.#saved.clear();
      }
    }
    this.loaded = true;
    this.#emit();
  }

  /** The saved session; in the personal account if the server no longer lets it into its org. */
  async #restore(saved: SavedChoice) {
    try {
      await this.#activate(saved.userId, saved.orgId, this.#generation);
    } catch (error) {
      if (!(saved.orgId && error instanceof DevAuthError && error.reason === 'not-a-member')) throw error;
      this.notice = 'Your membership of that organization has ended: you are in your personal account.';
      await this.#activate(saved.userId, null, this.#generation);
    }
  }

  /**
   * Reads this user from the directory again (memberships, invitations) and mints a token that says
   * so, in `orgId` (default: the active org), or in the personal account if no longer a member there.
   */
  async reloadUser(orgId?: string | null): Promise<void> {
    const state = this.#state;
    if (!state) return;
    this.#personas = null;
    const persona = (await this.listPersonas()).find((p) => p.userId === state.persona.userId);
    if (!persona) return this.signOut();
    const wanted = orgId === undefined ? state.orgId : orgId;
    const member = wanted !== null && persona.memberships.some((m) => m.orgId === wanted);
    if (wanted && !member) {
      this.notice = 'Your membership of that organization has ended: you are in your personal account.';
    }
    await this.#activate(persona.userId, member ? wanted : null, ++this.#generation, state.sessionId);
  }

  /** The signed-in person as the directory listed them last (their pending invitations, too). */
  get person(): DevPersona | null {
    return this.#state?.persona ?? null;
  }

  addListener(listener: Listener, options?: { skipInitialEmit?: boolean }): () => void {
    this.#listeners.add(listener);
    if (this.loaded && !options?.skipInitialEmit) listener(this.__internal_lastEmittedResources);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  listPersonas(): Promise<DevPersona[]> {
    this.#personas ??= this.#api.listPersonas().catch((error: unknown) => {
      this.#personas = null; // let the next call try again
      throw error;
    });
    return this.#personas;
  }

  /**
   * The local equivalent of completing Clerk's sign-in: a session for this persona, in its organization
   * when it has exactly one (nothing to choose), else in its personal account.
   */
  async signInAsPersona(userId: string, { reload = false } = {}): Promise<void> {
    const generation = ++this.#generation;
    if (reload) this.#personas = null; // someone new (a sign-up): read the directory again
    const persona = (await this.listPersonas()).find((candidate) => candidate.userId === userId);
    const only = persona?.memberships.length === 1 ? persona.memberships[0]!.orgId : null;
    await this.#activate(userId, only, generation);
  }

  async setActive(params: { organization?: string | { id: string } | null; session?: null }): Promise<void> {
    if (params.session === null) return this.signOut();
    if (params.organization === undefined) return;
    const state = this.#state;
    if (!state) throw new Error('setActive({ organization }) needs a signed-in session');
    const orgId =
      typeof params.organization === 'string' ? params.organization : (params.organization?.id ?? null);
    if (orgId === state.orgId) return;
    if (orgId && !state.persona.memberships.some((membership) => membership.orgId === orgId)) {
      throw new DevAuthError(`${state.persona.name} is not a member of ${orgId}`, 403, 'not-a-member');
    }
    await this.#activate(state.persona.userId, orgId, ++this.#generation, state.sessionId);
  }

  async signOut(): Promise<void> {
    this.#endHere();
    this.#saved.clear();
  }

  __internal_attemptToEnableEnvironmentSetting(): { isEnabled: boolean } {
    return { isEnabled: true }; // organizations are always on for the local issuer
  }

  /** Stops the refresh timer (tests, hot reload). */
  destroy(): void {
    this.#generation++;
    this.#tokens.stop();
    this.#listeners.clear();
    this.#stopFollowingTabs();
  }

  /** Ends this tab's session without touching the saved choice (which may be another tab's). */
  #endHere() {
    this.#generation++;
    this.#state = null;
    this.#tokens.stop();
    this.#emit();
  }

  /** Another tab signed out, signed in or switched organization: do the same here. */
  async #follow(choice: SavedChoice | null) {
    const state = this.#state;
    if (state?.persona.userId === choice?.userId && state?.orgId === choice?.orgId) return;
    const sameUser = state !== null && state.persona.userId === choice?.userId;
    // Another user (or nobody): never act as the previous one meanwhile, not even for a moment.
    if (!sameUser && state) this.#endHere();
    if (!choice) return;
    try {
      await this.#activate(
        choice.userId,
        choice.orgId,
        ++this.#generation,
        sameUser ? state.sessionId : undefined,
      );
    } catch (error) {
      // Signed out here meanwhile (another user) and told why on the sign-in screen; the same user
      // keeps the organization it had.
      this.loadError = error instanceof Error ? error : new Error(String(error));
    }
  }

  async #getToken(
    options: GetTokenOptions & { organizationId?: string | null } = {},
  ): Promise<string | null> {
    const state = this.#state;
    if (!state) return null;
    const orgId = options.organizationId === undefined ? state.orgId : options.organizationId;
    // A token for another org is a one-off: it does not change the active org.
    if (orgId !== state.orgId)
      return (await this.#api.mintToken(state.persona.userId, orgId, state.sessionId)).raw;
    return (await this.#tokens.token(state, options.skipCache)).raw;
  }

  async #activate(userId: string, orgId: string | null, generation: number, sessionId?: string) {
    const persona = (await this.listPersonas()).find((candidate) => candidate.userId === userId);
    if (!persona) throw new DevAuthError(`Unknown persona ${userId}`, 404);
    // Membership is the issuer's to decide (the directory may have changed since the list was read).
    const token = await this.#api.mintToken(userId, orgId, sessionId);
    if (generation !== this.#generation) return; // a newer sign-in/switch/sign-out won
    this.#commit({ persona, orgId, sessionId: token.sessionId, token }, { rebuildUser: true });
    this.#saved.save({ userId, orgId });
  }

  #commit(state: ActiveState, { rebuildUser = false } = {}) {
    this.#state = state;
    this.__internal_lastEmittedResources = nextResources(
      this.__internal_lastEmittedResources,
      state,
      (options) => this.#getToken(options),
      rebuildUser,
    );
    this.#tokens.schedule(state);
    this.#emit();
  }

  #emit() {
    if (!this.#state) this.__internal_lastEmittedResources = buildResources(null, null);
    for (const listener of this.#listeners) listener(this.__internal_lastEmittedResources);
  }
}
