import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { findPersona } from '@gatehouse/auth';
import { localSessionClaims } from '@gatehouse/auth/server';
import { SignJWT } from 'jose';

/**
 * A stand-in for a Clerk instance: an RSA-2048 key pair of the test's own. The API gets the public
 * half as CLERK_JWT_KEY (Clerk mode, networkless), and tokens are signed with the private half in
 * exactly the shape Clerk's session tokens have (v2 claims), so they take the production path.
 */
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const CLERK_TEST_ISSUER = 'https://clerk.gatehouse.test';
export const SPA_ORIGIN = 'http://localhost:5173';

export function clerkModeEnv(): Record<string, string> {
  return {
    AUTH_MODE: 'clerk',
    CLERK_JWT_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    CLERK_ISSUER: CLERK_TEST_ISSUER,
    CORS_ORIGINS: SPA_ORIGIN,
  };
}

/** A fresh Clerk-shaped session token for one of the personas (60 s, like Clerk's). */
export async function clerkSessionToken(
  userId: string,
  orgId?: string,
  key: KeyObject = privateKey,
): Promise<string> {
  const persona = findPersona(userId);
  if (!persona) throw new Error(`unknown persona ${userId}`);
  const claims = localSessionClaims({
    persona,
    orgId,
    sessionId: `sess_test_${randomUUID()}`,
    authorizedParty: SPA_ORIGIN,
    issuer: CLERK_TEST_ISSUER,
  });
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'ins_test' }).sign(key);
}
