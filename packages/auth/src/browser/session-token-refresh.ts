/**
 * The local session's token over time, for `LocalClerk`: the current token is handed out while it has
 * `MIN_REMAINING_MS` to live; a re-mint is shared by every caller that asks meanwhile; a timer re-mints
 * `marginMs` before expiry. Which session a token belongs to is the owner's `generation` (moved on by
 * every sign-in, organization switch and sign-out): a mint begun for an earlier one is never accepted.
 */
import { DevAuthError, type MintedToken } from './dev-auth-client';

/** `getToken()` hands out a cached token only while it has at least this long to live. */
const MIN_REMAINING_MS = 10_000;

export interface RefreshOwner<S extends { token: MintedToken }> {
  /** Moves on whenever the session in use changes; a refresh is kept only if it has not moved. */
  generation(): number;
  /** Whether `state` is still the session in use (the timer checks before it re-mints). */
  isCurrent(state: S): boolean;
  mint(state: S): Promise<MintedToken>;
  /** The new token of the session in use. */
  refreshed(token: MintedToken): void;
  /** The directory no longer has this person in the org: carry on in the personal account. */
  removedFromOrg(): void;
  /** The issuer refused a scheduled refresh for good (persona gone, server in another mode). */
  refusedForGood(): void;
}

export class SessionTokenRefresh<S extends { token: MintedToken }> {
  #inFlight: { generation: number; token: Promise<MintedToken> } | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly owner: RefreshOwner<S>,
    private readonly marginMs: number,
  ) {}

  /** `state`'s token while it is fresh (and not `skipCache`), else a re-mint. */
  token(state: S, skipCache = false): MintedToken | Promise<MintedToken> {
    const remaining = state.token.receivedAtMs + state.token.lifetimeMs - Date.now();
    return !skipCache && remaining >= MIN_REMAINING_MS ? state.token : this.refresh(state);
  }

  /** One mint at a time per session and org: concurrent callers share it. */
  refresh(state: S): Promise<MintedToken> {
    const { owner } = this;
    const generation = owner.generation();
    if (this.#inFlight?.generation === generation) return this.#inFlight.token;
    const token = owner
      .mint(state)
      .then((minted) => {
        // Dropped if the user switched org, signed out or in meanwhile (the generation moved on).
        if (generation === owner.generation()) owner.refreshed(minted);
        return minted;
      })
      .catch((error: unknown) => {
        if (isRemovedFromOrg(error) && generation === owner.generation()) owner.removedFromOrg();
        throw error;
      })
      .finally(() => {
        if (this.#inFlight?.token === token) this.#inFlight = null;
      });
    this.#inFlight = { generation, token };
    return token;
  }

  /** Re-mints `marginMs` before `state`'s token expires, if `state` is still in use then. */
  schedule(state: S): void {
    this.stop();
    const { token } = state;
    const dueInMs = token.receivedAtMs + token.lifetimeMs - this.marginMs - Date.now();
    this.#timer = setTimeout(
      () => {
        if (!this.owner.isCurrent(state)) return;
        this.refresh(state).catch((error: unknown) => {
          // Removed from the active org only: `refresh` carried on in the personal account.
          if (isRemovedFromOrg(error)) return;
          // A refusal (4xx) ends the session; an unreachable API or a 5xx may pass, so it is kept.
          if (error instanceof DevAuthError && error.status !== null && error.status < 500) {
            this.owner.refusedForGood();
          }
        });
      },
      Math.max(0, dueInMs),
    );
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}

function isRemovedFromOrg(error: unknown): boolean {
  return error instanceof DevAuthError && error.reason === 'not-a-member';
}
