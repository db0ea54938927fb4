import { publicKeyPemFromJwk } from './public-keys';
import { traceJwksFetch } from './verification-tracing';

/**
 * Resolves signing keys from a JWKS URL, hand-written because `@clerk/backend`'s own JWKS loading is
 * wrong for a server under attack or during an outage (version 3.25): it refetches on every unknown
 * `kid`, has no fetch timeout, retries for ~3 s, and drops its cache after 5 minutes even when the
 * endpoint is down. This store:
 * - fetches with a timeout, one fetch at a time (single-flight: concurrent callers share it);
 * - refreshes known keys in the background once they are `refreshIntervalMs` old (stale-while-revalidate)
 *   and keeps them when that fails (stale-if-error): a JWKS outage signs nobody out;
 * - lets an unknown `kid` trigger a fetch at most once per `cooldownMs`, so a storm of random kids
 *   costs at most one fetch per cooldown;
 * - answers `jwks-unavailable` (→ 503) when the key cannot be had because the JWKS is failing, and
 *   `jwk-unknown-kid` (→ 401) when a fresh JWKS simply does not hold it.
 * A successful fetch replaces the whole set, so a key Clerk removed stops verifying.
 */
export interface JwksKeyStoreOptions {
  url: string;
  fetchTimeoutMs?: number;
  cooldownMs?: number;
  refreshIntervalMs?: number;
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Injected in tests; defaults to `Date.now`. */
  now?: () => number;
}

export type KeyLookup =
  | { ok: true; pem: string }
  | { ok: false; reason: 'jwk-unknown-kid' | 'jwks-unavailable' };

/** A JWKS is a few KB; this only stops a misbehaving endpoint from streaming megabytes into memory. */
const MAX_JWKS_CHARS = 256 * 1024;

export class JwksKeyStore {
  readonly stats = { fetches: 0, failures: 0 };
  readonly #url: string;
  readonly #timeoutMs: number;
  readonly #cooldownMs: number;
  readonly #refreshIntervalMs: number;
  readonly #fetch: typeof fetch;
  readonly #now: () => number;
  #keys = new Map<string, string>();
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #attemptedAt = Number.NEGATIVE_INFINITY;
  #lastAttemptFailed = false;
  #inFlight: Promise<void> | null = null;

  constructor(options: JwksKeyStoreOptions) {
    this.#url = options.url;
    this.#timeoutMs = options.fetchTimeoutMs ?? 3_000;
    this.#cooldownMs = options.cooldownMs ?? 10_000;
    this.#refreshIntervalMs = options.refreshIntervalMs ?? 300_000;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    // Looked up on each call (not captured): a test that moves the clock replaces the global Date.
    this.#now = options.now ?? (() => Date.now());
  }

  /** Kids currently held, for tests and diagnostics. */
  get kids(): string[] {
    return [...this.#keys.keys()];
  }

  /** How old the keys held are (ms since the last successful fetch); null before the first. */
  get keysAgeMs(): number | null {
    return Number.isFinite(this.#fetchedAt) ? this.#now() - this.#fetchedAt : null;
  }

  async getKey(kid: string): Promise<KeyLookup> {
    const now = this.#now();
    const known = this.#keys.get(kid);
    if (known) {
      if (now - this.#fetchedAt >= this.#refreshIntervalMs) void this.#refreshUnlessCoolingDown(now);
      return { ok: true, pem: known };
    }
    await this.#refreshUnlessCoolingDown(now);
    const found = this.#keys.get(kid);
    if (found) return { ok: true, pem: found };
    return { ok: false, reason: this.#lastAttemptFailed ? 'jwks-unavailable' : 'jwk-unknown-kid' };
  }

  /** Fetches now (joining a fetch in flight). Never rejects: failures keep the previous keys. */
  refresh(): Promise<void> {
    if (this.#inFlight) return this.#inFlight;
    this.#attemptedAt = this.#now();
    this.stats.fetches += 1;
    this.#inFlight = traceJwksFetch(() => this.#load())
      .then(
        (keys) => {
          this.#keys = keys;
          this.#fetchedAt = this.#now();
          this.#lastAttemptFailed = false;
        },
        () => {
          this.stats.failures += 1;
          this.#lastAttemptFailed = true;
        },
      )
      .finally(() => {
        this.#inFlight = null;
      });
    return this.#inFlight;
  }

  #refreshUnlessCoolingDown(now: number): Promise<void> {
    if (this.#inFlight) return this.#inFlight;
    if (now - this.#attemptedAt < this.#cooldownMs) return Promise.resolve();
    return this.refresh();
  }

  async #load(): Promise<Map<string, string>> {
    const response = await this.#fetch(this.#url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.#timeoutMs),
    });
    if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
    const text = await response.text();
    if (text.length > MAX_JWKS_CHARS) throw new Error('JWKS too large');
    const body: unknown = JSON.parse(text);
    const jwks = typeof body === 'object' && body !== null ? (body as { keys?: unknown }).keys : undefined;
    if (!Array.isArray(jwks)) throw new Error('JWKS without a keys array');
    const keys = new Map<string, string>();
    for (const jwk of jwks) {
      if (typeof jwk !== 'object' || jwk === null || typeof jwk.kid !== 'string' || jwk.kid === '') continue;
      try {
        keys.set(jwk.kid, publicKeyPemFromJwk(jwk));
      } catch {
        // Not an RS256 RSA-2048 signing key (e.g. an encryption key): not ours to use, skip it.
      }
    }
    if (keys.size === 0) throw new Error('JWKS holds no usable RS256 key');
    return keys;
  }
}
