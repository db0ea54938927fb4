import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { MachineAuth, SignedInAuth } from '../types';

type VerifiedAuth = SignedInAuth | MachineAuth;

interface Entry {
  auth: VerifiedAuth;
  /** Epoch ms after which a fresh verification would no longer accept the token. */
  validUntilMs: number;
}

/**
 * Verified-token cache: sha256(exact token string) → the verified auth object, until `validUntilMs`.
 * - Only filled after every check passed (the authenticator's job); failures are never stored.
 * - The deadline is re-checked on every hit against `Date.now()`: a session token's is its `exp` plus
 *   the skew `verifyToken` allows, so a hit is accepted exactly when a fresh verification would be; a
 *   machine token's is also capped by the machine cache life (revocation shows within it). An expired
 *   entry is dropped when it is next looked up, or pushed out by newer ones. The LRU has no TTL of its
 *   own: expiry is checked on every hit anyway, and its TTL bookkeeping (a clock read and two writes per
 *   fill) would only free early memory that the bound already limits.
 * - Bounded LRU: a flood of random valid-looking tokens evicts, it cannot grow memory.
 * - Owned by one authenticator, i.e. one configuration: a config change brings a new, empty cache.
 * The digest keeps raw tokens out of memory dumps and makes keys a fixed 43 chars.
 */
export class VerifiedTokenCache {
  readonly #lru: LRUCache<string, Entry> | null;

  constructor(maxEntries: number) {
    this.#lru = maxEntries > 0 ? new LRUCache({ max: maxEntries }) : null;
  }

  get size(): number {
    return this.#lru?.size ?? 0;
  }

  keyFor(token: string): string {
    // One-shot `crypto.hash` (Node ≥ 20.12): same digest as createHash().update().digest(), without
    // building a Hash stream object — measured ~3 µs → ~1 µs, and this runs on every request.
    return hash('sha256', token, 'base64url');
  }

  get(key: string): VerifiedAuth | undefined {
    const entry = this.#lru?.get(key);
    if (!entry) return undefined;
    if (entry.validUntilMs > Date.now()) return entry.auth;
    this.#lru?.delete(key);
    return undefined;
  }

  set(key: string, auth: VerifiedAuth, validUntilMs: number): void {
    if (!this.#lru || validUntilMs <= Date.now()) return;
    this.#lru.set(key, { auth, validUntilMs });
  }

  /** Drops every entry `matches` selects (local mode: a revoked API key, at once). */
  evict(matches: (auth: VerifiedAuth) => boolean): number {
    let evicted = 0;
    for (const [key, entry] of this.#lru?.entries() ?? []) {
      if (matches(entry.auth) && this.#lru?.delete(key)) evicted += 1;
    }
    return evicted;
  }

  clear(): void {
    this.#lru?.clear();
  }
}
