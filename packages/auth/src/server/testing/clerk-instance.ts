import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import {
  type AuthenticatorConfig,
  DEFAULT_CLOCK_SKEW_MS,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  DEFAULT_TOKEN_CACHE_SIZE,
} from '../config';
import { personaSessionClaims } from '../local-claims';
import {
  M2M_JWT_HEADER,
  type M2MClaimsInput,
  m2mClaims,
  OAUTH_JWT_HEADER,
  type OAuthClaimsInput,
  oauthClaims,
} from '../machine-claims';
import { generateSigningKey, signingJwk } from '../public-keys';
import { type SessionClaimsInput, sessionClaims } from '../session-claims';
import { signRs256 } from './raw-jwt';

/** The session a token is minted for: anything but the instance's own `iss` and `azp`. */
export type TestSession = Partial<Omit<SessionClaimsInput, 'issuer' | 'authorizedParty'>>;

export interface ClerkTestInstanceOptions {
  /** A Clerk development instance's frontend API by default. */
  issuer?: string;
  /** The SPA's `pnpm dev` origin by default. */
  authorizedParty?: string;
  kid?: string;
}

export interface ClerkTestInstance {
  readonly issuer: string;
  readonly authorizedParty: string;
  /** `pk_test_` + base64 of `<issuer host>$`: the publishable key of this instance. */
  readonly publishableKey: string;
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** SPKI PEM, what the Clerk dashboard shows as the "JWT public key": the API's CLERK_JWT_KEY. */
  readonly publicKeyPem: string;
  /** The key as a JWKS entry, for a loopback stand-in of the instance's JWKS endpoint. */
  readonly jwk: JsonWebKey & { kid: string };
  /**
   * The API's environment for Clerk mode with this instance
   * (AUTH_MODE, CLERK_JWT_KEY, CLERK_ISSUER, CORS_ORIGINS).
   */
  readonly apiEnv: Readonly<Record<string, string>>;
  /** The verifier configuration that trusts this instance, with the API's defaults, and `overrides`. */
  authenticatorConfig(overrides?: Partial<AuthenticatorConfig>): AuthenticatorConfig;
  /** Valid claims: `user_test` in session `sess_test`, no org, issued now for 60 s; `session` changes any. */
  claims(session?: TestSession): Record<string, unknown>;
  /** Those claims signed RS256 under `{ alg: 'RS256', typ: 'JWT', kid }`, with `header` merged over it. */
  token(session?: TestSession, header?: Record<string, unknown>): string;
  /** A persona's token (its org membership and metadata), as the local issuer would mint it. */
  personaToken(userId: string, orgId?: string | null, session?: Omit<TestSession, 'userId' | 'org'>): string;
  /** An M2M JWT (for `mch_test` by default) as Clerk signs them; `header` merged over its header. */
  m2mToken(input?: Partial<Omit<M2MClaimsInput, 'issuer'>>, header?: Record<string, unknown>): string;
  /** An OAuth access token JWT (`typ: at+jwt`, for `user_test` by default). */
  oauthToken(input?: Partial<Omit<OAuthClaimsInput, 'issuer'>>, header?: Record<string, unknown>): string;
}

const DEFAULT_SESSION = { userId: 'user_test', sessionId: 'sess_test' };

export function createClerkTestInstance(options: ClerkTestInstanceOptions = {}): ClerkTestInstance {
  const issuer = options.issuer ?? 'https://witty-owl-12.clerk.accounts.dev';
  const authorizedParty = options.authorizedParty ?? 'http://localhost:5173';
  const kid = options.kid ?? 'ins_test';
  const privateKey = generateSigningKey();
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const claims = (session: TestSession = {}) =>
    sessionClaims({ ...DEFAULT_SESSION, ...session, issuer, authorizedParty });
  const signed = (payload: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    signRs256({ alg: 'RS256', typ: 'JWT', kid, ...header }, payload, privateKey);
  return {
    issuer,
    authorizedParty,
    publishableKey: `pk_test_${Buffer.from(`${new URL(issuer).host}$`).toString('base64')}`,
    kid,
    privateKey,
    publicKeyPem,
    jwk: signingJwk(privateKey, kid),
    apiEnv: {
      AUTH_MODE: 'clerk',
      CLERK_JWT_KEY: publicKeyPem,
      CLERK_ISSUER: issuer,
      CORS_ORIGINS: authorizedParty,
    },
    authenticatorConfig: (overrides = {}) => ({
      keySource: { kind: 'pem', pem: publicKeyPem },
      issuer,
      authorizedParties: [authorizedParty],
      audience: null,
      clockSkewMs: DEFAULT_CLOCK_SKEW_MS,
      maxTokenLifetimeSeconds: DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
      cacheSize: DEFAULT_TOKEN_CACHE_SIZE,
      ...overrides,
    }),
    claims,
    token: (session, header) => signed(claims(session), header),
    m2mToken: (input = {}, header = {}) =>
      signed(m2mClaims({ machineId: 'mch_test', ...input, issuer }), { ...M2M_JWT_HEADER, ...header }),
    oauthToken: (input = {}, header = {}) =>
      signed(oauthClaims({ userId: 'user_test', ...input, issuer }), { ...OAUTH_JWT_HEADER, ...header }),
    personaToken: (userId, orgId, session = {}) =>
      signed(
        personaSessionClaims({
          sessionId: DEFAULT_SESSION.sessionId,
          ...session,
          userId,
          orgId,
          issuer,
          authorizedParty,
        }),
      ),
  };
}
