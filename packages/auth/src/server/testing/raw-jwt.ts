import { createHmac, type KeyObject, sign } from 'node:crypto';

/** JWT signing by hand, for the malformed and hostile tokens no JWT library would produce. */
export const encodeSegment = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** RS256 over any header and payload, as given (nothing added, nothing checked). */
export function signRs256(header: unknown, payload: unknown, privateKey: KeyObject): string {
  const signingInput = `${encodeSegment(header)}.${encodeSegment(payload)}`;
  return `${signingInput}.${sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url')}`;
}

/** HS256 keyed with `secret`: the classic "public key as HMAC secret" algorithm-confusion forgery. */
export function signHs256(header: unknown, payload: unknown, secret: string): string {
  const signingInput = `${encodeSegment(header)}.${encodeSegment(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}
