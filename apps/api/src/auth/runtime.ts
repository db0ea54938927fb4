import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import {
  type Authenticator,
  type AuthenticatorConfig,
  createAuthenticator,
  type DirectoryDeliveries,
  deliverDirectoryEvents,
  type LocalIssuer,
  loadLocalIssuer,
} from '@gatehouse/auth/server';
import type { Logger } from 'pino';
import { type AuthEnv, authModeOf, clerkSettingsOf } from './env';
import { type MachineEnv, machineConfigOf } from './machine-env';

/** Where local mode serves its stand-in of Clerk's Backend API (mounted before auth; see app.ts). */
export const LOCAL_BACKEND_API_PATH = '/dev/auth/backend-api';

export interface AuthRuntime {
  mode: 'clerk' | 'local';
  authenticator: Authenticator;
  /** Local mode only: mints the personas' tokens behind /dev/auth, and plays Clerk's Backend API. */
  localIssuer: LocalIssuer | null;
  /**
   * What `POST /webhooks/clerk` verifies with: CLERK_WEBHOOK_SIGNING_SECRET, or in local mode a secret
   * of this process's when unset (the local issuer is then the only sender).
   */
  webhookSigningSecret: string | undefined;
  /**
   * Called once the API listens. Local mode then knows the URL of its Backend API stand-in and starts
   * sending the directory's events to its own `/webhooks/clerk`; resolves once those written before the
   * start were delivered (or one attempt failed: the sender keeps retrying on its own).
   */
  listening(url: string): Promise<void>;
  /** Local mode: stops the webhook sender. */
  close(): Promise<void>;
}

/** A wildcard bind address is reachable from this process on loopback. */
function loopbackOf(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === '0.0.0.0' || parsed.hostname === '[::]') parsed.hostname = '127.0.0.1';
  return parsed.origin;
}

/**
 * Builds the process's authenticator from the validated environment. Both modes end in the same
 * verifiers; they differ only in where the key, the issuer and Clerk's Backend API come from. Local mode
 * loads (or creates, on first start) the issuer key under DATA_DIR, relative to the API's working
 * directory, and verifies opaque machine tokens against its own stand-in, through the same SDK calls.
 */
export async function createAuthRuntime(
  env: AuthEnv & MachineEnv & { DATA_DIR: string; CLERK_WEBHOOK_SIGNING_SECRET?: string | undefined },
  logger?: Logger,
): Promise<AuthRuntime> {
  const mode = authModeOf(env);
  let localBackendUrl: string | undefined;
  const common = {
    authorizedParties: env.CLERK_AUTHORIZED_PARTIES ?? env.CORS_ORIGINS,
    audience: env.CLERK_AUDIENCE ?? null,
    clockSkewMs: env.AUTH_CLOCK_SKEW_MS,
    maxTokenLifetimeSeconds: env.AUTH_MAX_TOKEN_LIFETIME_S,
    cacheSize: env.AUTH_TOKEN_CACHE_SIZE,
  } satisfies Partial<AuthenticatorConfig>;
  if (common.authorizedParties.length === 0)
    throw new Error('CORS_ORIGINS or CLERK_AUTHORIZED_PARTIES must list an origin');
  const onUnavailable = (problem: object) =>
    logger?.warn({ backendApi: problem }, 'Clerk Backend API could not verify a machine token');

  if (mode === 'local') {
    // The local issuer sets `azp` to the SPA's origin, the first CORS origin.
    const localIssuer = await loadLocalIssuer({
      dataDir: resolve(env.DATA_DIR),
      authorizedParty: common.authorizedParties[0]!,
    });
    const machine = machineConfigOf(env, {
      secretKey: localIssuer.backendSecretKey,
      url: () => localBackendUrl,
    });
    const authenticator = createAuthenticator({
      ...common,
      keySource: { kind: 'pem', pem: localIssuer.publicKeyPem },
      issuer: localIssuer.issuer,
      machine: { ...machine, onUnavailable },
    });
    // A key revoked here stops working at once in this process (others see it within the cache life).
    localIssuer.machines.onRevoke((record) =>
      authenticator.forgetMachines((auth) => auth.tokenId === record.id),
    );
    const webhookSigningSecret =
      env.CLERK_WEBHOOK_SIGNING_SECRET ?? `whsec_${randomBytes(24).toString('base64')}`;
    let deliveries: DirectoryDeliveries | null = null;
    return {
      mode,
      authenticator,
      localIssuer,
      webhookSigningSecret,
      async listening(url) {
        localBackendUrl = `${loopbackOf(url)}${LOCAL_BACKEND_API_PATH}`;
        deliveries = await deliverDirectoryEvents(localIssuer.directory, {
          url: `${loopbackOf(url)}/webhooks/clerk`,
          secret: webhookSigningSecret,
          log: logger?.child({ component: 'local-webhooks' }),
        });
        await deliveries.ready;
      },
      close: async () => {
        await deliveries?.stop();
      },
    };
  }

  const settings = clerkSettingsOf(env);
  // loadEnv has already refused such an environment (authEnvProblems); this keeps the types honest.
  if ('problems' in settings) throw new Error(`Invalid auth configuration:\n${settings.problems.join('\n')}`);
  const machine = { ...machineConfigOf(env, null), onUnavailable };
  return {
    mode,
    authenticator: createAuthenticator({ ...common, ...settings, machine }),
    localIssuer: null,
    webhookSigningSecret: env.CLERK_WEBHOOK_SIGNING_SECRET,
    listening: async () => {},
    close: async () => {},
  };
}
