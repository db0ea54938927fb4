import { parsePublishableKey } from '@clerk/shared/keys';

export interface ClerkEndpoints {
  /** The instance's Frontend API host, e.g. `witty-owl-12.clerk.accounts.dev`. */
  frontendApi: string;
  /** The exact `iss` of the instance's session tokens. */
  issuer: string;
  /** Where the instance publishes its signing keys. */
  jwksUrl: string;
}

/**
 * A publishable key is `pk_test_` / `pk_live_` + base64 of `<frontend-api-host>$`. Parsed by Clerk's own
 * `parsePublishableKey`; null when the key is malformed.
 */
export function clerkEndpointsFromPublishableKey(publishableKey: string): ClerkEndpoints | null {
  const parsed = parsePublishableKey(publishableKey);
  if (!parsed || !/^[a-z0-9.-]+(:\d+)?$/i.test(parsed.frontendApi)) return null;
  const origin = `https://${parsed.frontendApi}`;
  return { frontendApi: parsed.frontendApi, issuer: origin, jwksUrl: `${origin}/.well-known/jwks.json` };
}
