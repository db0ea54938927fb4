import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, type JWK, SignJWT } from 'jose';
import { findPersona } from '../personas';
import { LOCAL_ISSUER, localSessionClaims, newSessionId, UnknownPersonaError } from './local-claims';
import { publicKeyPemFromPem } from './public-keys';

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
  /** Throws `UnknownPersonaError` / `NotAMemberError`. */
  mint(input: MintInput): Promise<MintedToken>;
}

export const LOCAL_KEY_FILE = join('auth', 'local-issuer-key.pem');

export async function createLocalIssuer(
  privateKey: KeyObject,
  authorizedParty: string,
): Promise<LocalIssuer> {
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKeyPemFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  return {
    issuer: LOCAL_ISSUER,
    kid,
    publicKeyPem,
    jwks: { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] },
    async mint({ userId, orgId, sessionId = newSessionId() }) {
      const persona = findPersona(userId);
      if (!persona) throw new UnknownPersonaError(userId);
      const claims = localSessionClaims({ persona, orgId, sessionId, authorizedParty });
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .sign(privateKey);
      return { token, expiresAt: claims.exp as number, sessionId };
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
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65_537 });
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
  return createLocalIssuer(await loadOrCreateLocalKey(options.dataDir), options.authorizedParty);
}
