import { hash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { MachineTokenType } from '../../types';
import { JsonLinesFile } from '../json-lines-file';

/**
 * The machine credentials the local issuer has handed out, playing Clerk's part: API keys (`ak_…`),
 * opaque M2M tokens (`mt_…`) and, for tests, opaque OAuth tokens (`oat_…`). Secrets are stored as
 * SHA-256 digests only: shown once at creation, never again.
 *
 * With a data folder each kind is an append-only JSON-lines file (`auth/api-keys.jsonl`, …, git-ignored
 * with the rest of DATA_DIR): one line per creation or revocation, appended in one write, so API
 * processes sharing the folder never lose each other's lines, and each re-reads the file when it grew.
 * Without one (tests) everything stays in memory.
 */
export interface MachineRecord {
  kind: MachineTokenType;
  id: string;
  secretHash: string;
  subject: string;
  scopes: string[];
  name: string | null;
  /** OAuth only: the client (OAuth application) and the audience the token was issued for. */
  clientId: string | null;
  aud: string[] | null;
  createdBy: string | null;
  createdAt: number;
  /** Epoch ms; null: never expires. */
  expiration: number | null;
  revoked: boolean;
  revokedAt: number | null;
  revocationReason: string | null;
}

type Line =
  | { type: 'created'; record: MachineRecord }
  | { type: 'revoked'; id: string; at: number; reason: string | null };

export interface CreateMachineInput {
  subject: string;
  scopes?: readonly string[];
  name?: string | null;
  createdBy?: string | null;
  clientId?: string | null;
  aud?: readonly string[] | null;
  secondsUntilExpiration?: number | null;
}

const FILES: Record<MachineTokenType, string> = {
  api_key: 'api-keys.jsonl',
  m2m_token: 'm2m-tokens.jsonl',
  oauth_token: 'oauth-tokens.jsonl',
};
const PREFIX: Record<MachineTokenType, string> = { api_key: 'ak_', m2m_token: 'mt_', oauth_token: 'oat_' };

const digest = (secret: string) => hash('sha256', secret, 'base64url');

/** The records, folded from the kind's JSON-lines file again whenever it changed. */
class Ledger {
  readonly #file: JsonLinesFile<Line>;
  #records = new Map<string, MachineRecord>();
  #version = -1;

  constructor(path: string | null) {
    this.#file = new JsonLinesFile(path);
  }

  async records(): Promise<Map<string, MachineRecord>> {
    const lines = await this.#file.read();
    if (this.#version !== this.#file.version) {
      const records = new Map<string, MachineRecord>();
      for (const line of lines) apply(records, line);
      this.#records = records;
      this.#version = this.#file.version;
    }
    return this.#records;
  }

  append(line: Line): Promise<void> {
    return this.#file.append(line);
  }
}

function apply(records: Map<string, MachineRecord>, line: Line): void {
  if (line.type === 'created') records.set(line.record.id, line.record);
  const record = line.type === 'revoked' ? records.get(line.id) : undefined;
  if (record && line.type === 'revoked' && !record.revoked) {
    records.set(line.id, { ...record, revoked: true, revokedAt: line.at, revocationReason: line.reason });
  }
}

export class MachineStore {
  readonly #ledgers: Record<MachineTokenType, Ledger>;
  readonly #revoked = new Set<(record: MachineRecord) => void>();

  /** `dataDir`: persist under `<dataDir>/auth/`; omitted: in memory. */
  constructor(dataDir?: string) {
    const ledger = (kind: MachineTokenType) =>
      new Ledger(dataDir ? join(dataDir, 'auth', FILES[kind]) : null);
    this.#ledgers = {
      api_key: ledger('api_key'),
      m2m_token: ledger('m2m_token'),
      oauth_token: ledger('oauth_token'),
    };
  }

  /** A new credential: its record, and its secret (the only time it is ever shown). */
  async create(
    kind: MachineTokenType,
    input: CreateMachineInput,
  ): Promise<{ record: MachineRecord; secret: string }> {
    const secret = `${PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
    const now = Date.now();
    const record: MachineRecord = {
      kind,
      id: `${PREFIX[kind]}id_${randomBytes(12).toString('hex')}`,
      secretHash: digest(secret),
      subject: input.subject,
      scopes: [...(input.scopes ?? [])],
      name: input.name ?? null,
      clientId: input.clientId ?? null,
      aud: input.aud ? [...input.aud] : null,
      createdBy: input.createdBy ?? null,
      createdAt: now,
      expiration: input.secondsUntilExpiration ? now + input.secondsUntilExpiration * 1000 : null,
      revoked: false,
      revokedAt: null,
      revocationReason: null,
    };
    await this.#ledgers[kind].append({ type: 'created', record });
    return { record, secret };
  }

  /** The record a secret belongs to, whatever its state (the caller decides what revoked means). */
  async findBySecret(kind: MachineTokenType, secret: string): Promise<MachineRecord | undefined> {
    const wanted = digest(secret);
    for (const record of (await this.#ledgers[kind].records()).values()) {
      if (record.secretHash === wanted) return record;
    }
    return undefined;
  }

  async get(kind: MachineTokenType, id: string): Promise<MachineRecord | undefined> {
    return (await this.#ledgers[kind].records()).get(id);
  }

  async list(kind: MachineTokenType, subject: string): Promise<MachineRecord[]> {
    const records = [...(await this.#ledgers[kind].records()).values()];
    return records.filter((record) => record.subject === subject).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Revokes `id`; undefined when there is no such credential. Revoking twice keeps the first. */
  async revoke(kind: MachineTokenType, id: string, reason: string | null = null) {
    if (!(await this.get(kind, id))) return undefined;
    await this.#ledgers[kind].append({ type: 'revoked', id, at: Date.now(), reason });
    const revoked = (await this.get(kind, id))!;
    for (const listener of this.#revoked) listener(revoked);
    return revoked;
  }

  /** Called after each revocation made here (this process): lets a cache forget the credential at once. */
  onRevoke(listener: (record: MachineRecord) => void): void {
    this.#revoked.add(listener);
  }
}
