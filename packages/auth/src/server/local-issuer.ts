import { createPrivateKey, createPublicKey, type KeyObject, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK, SignJWT } from 'jose';
import { findMachinePersona } from '../personas';
import { MachineStore } from './local-backend/machine-store';
import { LOCAL_ISSUER, memberSessionClaims, newSessionId, UnknownPersonaError } from './local-claims';
import { LocalDirectory } from './local-directory/directory';
import { personOf } from './local-directory/views';
import { M2M_JWT_HEADER, m2mClaims } from './machine-claims';
import { generateSigningKey, publicKeyPemFromPem, signingJwk } from './public-keys';

/**
 * The local issuer: Gatehouse's default auth mode, so nobody needs a Clerk account to run or test it.
 * It signs Clerk-shaped v2 session tokens with an RSA-2048 key kept under the data folder; the API
 * verifies them through the very same `verifyToken` path as Clerk mode (jwtKey = this public key).
 */
export interface MintedToken {
  token: string;
  /** The token's `exp`, epoch seconds. */
  expiresAt: number;
  sessionId: string;
}

export interface MintInput {
  userId: string;
  orgId?: string | null | undefined;
  /** Reuse a session (a refresh); omitted: a new sign-in, a new `sid`. */
  sessionId?: string | undefined;
}

export interface LocalIssuer {
  readonly issuer: string;
  readonly kid: string;
  /** SPKI PEM of the signing key: the verifier's `jwtKey`. */
  readonly publicKeyPem: string;
  readonly jwks: { keys: JWK[] };
  /**
   * The machine credentials it handed out (API keys, opaque M2M tokens), kept under the data folder:
   * what its stand-in of Clerk's Backend API verifies against.
   */
  readonly machines: MachineStore;
  /** The secret key its Backend API stand-in accepts (new per process; the API is its only client). */
  readonly backendSecretKey: string;
  /**
   * The people and organizations it signs tokens for (the personas, then whoever signs up), kept under
   * the data folder; each change is a Clerk webhook event (see `startWebhooks`).
   */
  readonly directory: LocalDirectory;
  /** Throws `UnknownPersonaError` / `NotAMemberError`, as the directory says now. */
  mint(input: MintInput): Promise<MintedToken>;
  /** An M2M token as a JWT (`format: 'jwt'`), for a machine persona. Throws `UnknownPersonaError`. */
  mintM2MJwt(input: { machineId: string; scopes?: readonly string[] }): Promise<string>;
}

const LOCAL_KEY_FILE = join('auth', 'local-issuer-key.pem');

async function createLocalIssuer(
  privateKey: KeyObject,
  authorizedParty: string,
  dataDir: string,
): Promise<LocalIssuer> {
  const directory = new LocalDirectory(dataDir);
  await directory.seedPersonas();
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKeyPemFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const kid = await calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as JWK);
  return {
    issuer: LOCAL_ISSUER,
    kid,
    publicKeyPem,
    jwks: { keys: [signingJwk(privateKey, kid) as JWK] },
    machines: new MachineStore(dataDir),
    backendSecretKey: `sk_test_local_${randomBytes(24).toString('base64url')}`,
    directory,
    async mint({ userId, orgId, sessionId = newSessionId() }) {
      const tokenId = randomBytes(10).toString('hex');
      const member = personOf(await directory.state(), userId);
      if (!member) throw new UnknownPersonaError(userId);
      const claims = memberSessionClaims(member, { userId, orgId, sessionId, authorizedParty, tokenId });
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .sign(privateKey);
      return { token, expiresAt: claims.exp as number, sessionId };
    },
    async mintM2MJwt({ machineId, scopes }) {
      if (!findMachinePersona(machineId)) throw new UnknownPersonaError(machineId);
      return new SignJWT(m2mClaims({ machineId, scopes, issuer: LOCAL_ISSUER }))
        .setProtectedHeader({ alg: 'RS256', ...M2M_JWT_HEADER, kid })
        .sign(privateKey);
    },
  };
}

/**
 * Reads `<dataDir>/auth/local-issuer-key.pem`, or generates and stores it on first start. Two processes
 * starting together cannot end up with different keys: the new key is written to a unique temporary
 * file and `link`ed into place, which fails if another process got there first; we then read theirs.
 */
export async function loadOrCreateLocalKey(dataDir: string): Promise<KeyObject> {
  const path = join(dataDir, LOCAL_KEY_FILE);
  try {
    return createPrivateKey(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`Cannot read the local issuer key at ${path}; delete it to generate a new one`, {
        cause: error,
      });
    }
  }
  await mkdir(join(dataDir, 'auth'), { recursive: true, mode: 0o700 });
  const privateKey = generateSigningKey();
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(temporary, { force: true });
  }
  return createPrivateKey(await readFile(path, 'utf8'));
}

export async function loadLocalIssuer(options: {
  dataDir: string;
  authorizedParty: string;
}): Promise<LocalIssuer> {
  const key = await loadOrCreateLocalKey(options.dataDir);
  return createLocalIssuer(key, options.authorizedParty, options.dataDir);
}
