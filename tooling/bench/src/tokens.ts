import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/**
 * A Clerk-like instance for the bench: an RSA-2048 signing key (the only shape `verifyToken`'s
 * `jwtKey` path accepts) and Clerk-shaped v2 session tokens signed with jose. Nothing leaves the
 * machine: the API gets the public key as CLERK_JWT_KEY, the @clerk/express peer as `jwtKey`.
 */
export const ISSUER = 'https://witty-owl-12.clerk.accounts.dev';
export const AUTHORIZED_PARTY = 'http://localhost:5173';
/** The publishable key of that instance (`pk_test_` + base64 of "<frontend api>$"): the peer needs one. */
export const PUBLISHABLE_KEY = `pk_test_${Buffer.from(`${new URL(ISSUER).host}$`).toString('base64')}`;

/** Longer than Clerk's 60 s so one token outlives the whole bench; within AUTH_MAX_TOKEN_LIFETIME_S. */
const LIFETIME_SECONDS = 900;

export interface BenchKeys {
  privateKey: KeyObject;
  /** SPKI PEM, what the Clerk dashboard shows as the "JWT public key". */
  publicKeyPem: string;
}

export function generateBenchKeys(): BenchKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicExponent: 65_537,
  });
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** An active organization membership in v2 shape; `tasks.list` needs one. */
export const BENCH_ORG = { id: 'org_bench', rol: 'admin', slg: 'bench', per: 'read,manage', fpm: '3' };

export interface TokenInput {
  sessionId: string;
  userId?: string;
  withOrg?: boolean;
}

/** What a Clerk v2 session token carries (see the facts notes), `sts: active`, with an optional org. */
export function mintSessionToken(keys: BenchKeys, input: TokenInput): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({
    azp: AUTHORIZED_PARTY,
    fva: [0, -1],
    sid: input.sessionId,
    sts: 'active',
    v: 2,
    ...(input.withOrg ? { o: BENCH_ORG, fea: 'o:tasks' } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'ins_bench', cat: 'cl_B7d4PD111AAA' })
    .setSubject(input.userId ?? 'user_bench')
    .setIssuer(ISSUER)
    .setIssuedAt(iat)
    .setNotBefore(iat - 5)
    .setExpirationTime(iat + LIFETIME_SECONDS)
    .sign(keys.privateKey);
}

/** Distinct tokens (one session id each), so each is a verified-token cache miss the first time. */
export async function mintTokenPool(keys: BenchKeys, size: number, prefix: string): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < size; i += 1) {
    tokens.push(await mintSessionToken(keys, { sessionId: `sess_${prefix}_${i}`, withOrg: true }));
  }
  return tokens;
}
