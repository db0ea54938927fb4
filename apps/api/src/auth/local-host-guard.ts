import { isIP } from 'node:net';
import type { RequestHandler } from 'express';
import { sendError } from '../http/error-response';

/** The host a `Host` header names, lower-case, IPv6 without brackets; null when it names none. */
function hostnameOf(header: string): string | null {
  if (!URL.canParse(`http://${header}`)) return null;
  const { hostname } = new URL(`http://${header}`);
  return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
}

/**
 * Local mode only: its /dev/auth signs anyone in, so only pages of this machine may reach it. Listening
 * on loopback is not enough: a page the developer opens can point its own domain at 127.0.0.1 (DNS
 * rebinding) and call the API as same-origin, and its requests then carry that domain in `Host`. So a
 * request must name the API by an IP address, `localhost` (or a `.localhost` name), or a host of
 * CORS_ORIGINS (where the SPA is served from); otherwise 403 `host-not-allowed`.
 * Mounted on /dev/auth alone: the rest of the API wants a token, which such a page then cannot get.
 * A request with no `Host` is not from a browser (all send it), so it passes.
 */
export function localHostGuard(corsOrigins: readonly string[]): RequestHandler {
  const named = new Set(
    corsOrigins.filter((origin) => URL.canParse(origin)).map((origin) => new URL(origin).hostname),
  );
  const allowed = (host: string) =>
    isIP(host) !== 0 || host === 'localhost' || host.endsWith('.localhost') || named.has(host);
  return (req, res, next) => {
    const header = req.headers.host;
    const host = header === undefined ? null : hostnameOf(header);
    if (header === undefined || (host !== null && allowed(host))) {
      next();
      return;
    }
    sendError(req, res, {
      code: 'FORBIDDEN',
      message:
        'Local mode answers only requests addressed to this machine (localhost, an IP address or a host of CORS_ORIGINS)',
      reason: 'host-not-allowed',
    });
  };
}
