/**
 * Where a request's credential comes from, decided from the RAW headers (`req.rawHeaders`): Node keeps
 * only the first of two `Authorization` headers in `req.headers`, which would silently pick one.
 *
 * - `Authorization: Bearer <token>` (scheme case-insensitive, exactly one token) wins; the cookie is then
 *   ignored.
 * - Otherwise the `__session` cookie (same-origin deployments).
 * - Two Authorization headers, an Authorization header that is not `Bearer <one token>`, or two
 *   `__session` cookies (cookie tossing from a sibling subdomain) → `invalid` (400 for the request).
 */
export type Credential =
  | { kind: 'none' }
  | { kind: 'token'; token: string; source: 'authorization' | 'cookie' }
  | { kind: 'invalid'; detail: string };

export const SESSION_COOKIE = '__session';

/** RFC 6750 `b64token`, one of it, after `Bearer` and at least one space. */
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

const NONE: Credential = Object.freeze({ kind: 'none' });

/**
 * Hand-written rather than `cookie.parse`: that keeps the first of duplicate names and so hides exactly
 * the duplicate we must refuse. Values are not URL-decoded: a JWT never contains `%`.
 */
function sessionCookieValues(cookieHeader: string): string[] {
  const values: string[] = [];
  for (const pair of cookieHeader.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || pair.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    values.push(value);
  }
  return values;
}

export function extractCredential(rawHeaders: readonly string[]): Credential {
  let authorization: string | undefined;
  let authorizationCount = 0;
  let cookies: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    // Length first: keeps the loop to a cheap comparison for the other headers.
    if (name.length === 13 && name.toLowerCase() === 'authorization') {
      authorizationCount += 1;
      authorization = rawHeaders[i + 1]!;
    } else if (name.length === 6 && name.toLowerCase() === 'cookie') {
      // HTTP/2 may split cookies over several headers; they form one list.
      cookies = cookies === undefined ? rawHeaders[i + 1]! : `${cookies}; ${rawHeaders[i + 1]!}`;
    }
  }

  if (authorizationCount > 1) return { kind: 'invalid', detail: 'more than one Authorization header' };
  if (authorization !== undefined) {
    const match = BEARER.exec(authorization.trim());
    if (!match) return { kind: 'invalid', detail: 'Authorization must be "Bearer <token>"' };
    return { kind: 'token', token: match[1]!, source: 'authorization' };
  }

  if (cookies === undefined || !cookies.includes(SESSION_COOKIE)) return NONE;
  const values = sessionCookieValues(cookies);
  if (values.length > 1) return { kind: 'invalid', detail: `more than one ${SESSION_COOKIE} cookie` };
  // An empty `__session=` is what a signed-out browser may still send.
  if (values.length === 0 || values[0] === '') return NONE;
  return { kind: 'token', token: values[0]!, source: 'cookie' };
}
