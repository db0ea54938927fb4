import { resolve } from 'node:path';
import {
  type Authenticator,
  type AuthenticatorConfig,
  createAuthenticator,
  type LocalIssuer,
  loadLocalIssuer,
} from '@gatehouse/auth/server';
import { type AuthEnv, authModeOf, clerkSettingsOf } from './env';

export interface AuthRuntime {
  mode: 'clerk' | 'local';
  authenticator: Authenticator;
  /** Local mode only: mints the personas' tokens behind /dev/auth. */
  localIssuer: LocalIssuer | null;
}

/**
 * Builds the process's authenticator from the validated environment. Both modes end in the same
 * verifier; they differ only in where the key and the issuer come from. Local mode loads (or creates,
 * on first start) the issuer key under DATA_DIR, relative to the API's working directory.
 */
export async function createAuthRuntime(env: AuthEnv & { DATA_DIR: string }): Promise<AuthRuntime> {
  const mode = authModeOf(env);
  const common = {
    authorizedParties: env.CLERK_AUTHORIZED_PARTIES ?? env.CORS_ORIGINS,
    audience: env.CLERK_AUDIENCE ?? null,
    clockSkewMs: env.AUTH_CLOCK_SKEW_MS,
    maxTokenLifetimeSeconds: env.AUTH_MAX_TOKEN_LIFETIME_S,
    cacheSize: env.AUTH_TOKEN_CACHE_SIZE,
  } satisfies Partial<AuthenticatorConfig>;
  if (common.authorizedParties.length === 0)
    throw new Error('CORS_ORIGINS or CLERK_AUTHORIZED_PARTIES must list an origin');

  if (mode === 'local') {
    // The local issuer sets `azp` to the SPA's origin, the first CORS origin.
    const localIssuer = await loadLocalIssuer({
      dataDir: resolve(env.DATA_DIR),
      authorizedParty: common.authorizedParties[0]!,
    });
    const authenticator = createAuthenticator({
      ...common,
      keySource: { kind: 'pem', pem: localIssuer.publicKeyPem },
      issuer: localIssuer.issuer,
    });
    return { mode, authenticator, localIssuer };
  }

  const settings = clerkSettingsOf(env);
  // loadEnv has already refused such an environment (authEnvProblems); this keeps the types honest.
  if ('problems' in settings) throw new Error(`Invalid auth configuration:\n${settings.problems.join('\n')}`);
  return { mode, authenticator: createAuthenticator({ ...common, ...settings }), localIssuer: null };
}
