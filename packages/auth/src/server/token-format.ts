import type { AuthFailureReason } from '../types';

/**
 * Compact-JWS shape and decoding, before any cryptography. Three non-empty base64url segments only:
 * this refuses `alg: none` tokens with an empty signature, JWE (five segments), padding and the
 * standard-base64 `+` `/` that Node's decoder would silently accept and Clerk's would not — so this
 * module and `verifyToken` always read the same bytes.
 */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Clerk session tokens are ~1 KB; a cookie holds 4 KB. Anything past this is junk or an attack. */
const MAX_TOKEN_LENGTH = 8192;

export type JsonObject = Record<string, unknown>;

export interface DecodedToken {
  header: JsonObject;
  payload: JsonObject;
}

export type Decoded = { ok: true; token: DecodedToken } | { ok: false; reason: AuthFailureReason };

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeSegment(segment: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return isJsonObject(value) ? value : null;
  } catch {
    return null;
  }
}

/** Splits and JSON-decodes header and payload; the signature is left to `verifyToken`. */
export function decodeToken(token: string): Decoded {
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token))
    return { ok: false, reason: 'token-invalid' };
  const firstDot = token.indexOf('.');
  const secondDot = token.indexOf('.', firstDot + 1);
  const header = decodeSegment(token.slice(0, firstDot));
  const payload = decodeSegment(token.slice(firstDot + 1, secondDot));
  if (!header || !payload) return { ok: false, reason: 'token-invalid' };
  return { ok: true, token: { header, payload } };
}
