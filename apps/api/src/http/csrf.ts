import { extractCredential } from '@gatehouse/auth/server';
import type { RequestHandler } from 'express';
import { sendError } from './error-response';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether authentication will rest on the cookie, decided by the very parser authentication uses: the
 * two cannot disagree on what counts as the `__session` cookie (a name written `__session =`, say).
 * Two cookies (or two headers) are refused with 400 after authentication, so they pass here.
 */
function usesSessionCookie(rawHeaders: readonly string[]): boolean {
  const credential = extractCredential(rawHeaders);
  return credential.kind === 'token' && credential.source === 'cookie';
}

/**
 * CSRF rule for the cookie path. A browser attaches `__session` to any request to the API's site,
 * including a form posted from an attacker's page; a bearer token it never attaches on its own. So a
 * state-changing request that relies on the cookie (no Authorization header) must come from an
 * allowed origin: its `Origin` must be in CORS_ORIGINS, or, when a browser sent no Origin, its
 * `Sec-Fetch-Site` must not say cross-site. Otherwise 403 before anything runs. A request with
 * neither header is not from a current browser (all send Origin on cross-origin POST), so it passes.
 */
export function csrfGuard(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method) || !usesSessionCookie(req.rawHeaders)) {
      next();
      return;
    }
    const origin = req.headers.origin;
    const fetchSite = req.headers['sec-fetch-site'];
    const trusted = origin !== undefined ? allowed.has(origin) : fetchSite !== 'cross-site';
    if (trusted) {
      next();
      return;
    }
    sendError(req, res, {
      code: 'FORBIDDEN',
      message: 'Cross-site request refused',
      reason: 'cross-site-request',
    });
  };
}
