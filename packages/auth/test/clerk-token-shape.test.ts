import { describe, expect, it } from 'vitest';
import { checkHeader, checkPayload } from '../src/server/prechecks';
import { decodeToken } from '../src/server/token-format';

/**
 * Our structural checks are stricter than `verifyToken` (RS256 only, typ JWT, sid and iat required…).
 * Pinned against a real Clerk session token, `@clerk/backend`'s own fixture (dist/fixtures, mockJwt),
 * so the strictness never refuses what Clerk actually issues.
 */
const CLERK_SESSION_TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ.eyJhenAiOiJodHRwczovL2FjY291bnRzLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsImV4cCI6MTY2NjY0ODMxMCwiaWF0IjoxNjY2NjQ4MjUwLCJpc3MiOiJodHRwczovL2NsZXJrLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsIm5iZiI6MTY2NjY0ODI0MCwic2lkIjoic2Vzc18yR2JEQjRlbk5kQ2E1dlMxenBDM1h6Zzl0SzkiLCJzdWIiOiJ1c2VyXzJHSXBYT0VwVnlKdzUxcmtabjlLbW5jNlN4ciJ9.j3rB92k32WqbQDkFB093H4GoQsBVLH4HLGF6ObcwUaVGiHC8SEu6T31FuPf257SL8A5sSGtWWM1fqhQpdLohgZb_hbJswGBuYI-Clxl9BtpIRHbWFZkLBIj8yS9W9aVtD3fWBbF6PHx7BY1udio-rbGWg1YAOZNtVcxF02p-MvX-8XIK92Vwu3Un5zyfCoVIg__qo3Xntzw3tznsZ4XDe212c6kVz1R_L1d5DKjeWXpjUPAS_zFeZSIJEQLf4JNr4JCY38tfdnc3ajfDA3p36saf1XwmTdWXQKCXi75c2TJAXROs3Pgqr5Kw_5clygoFuxN5OEMhFWFSnvIBdi3M6w';

describe('a real Clerk session token', () => {
  it('passes every structural pre-check', () => {
    const decoded = decodeToken(CLERK_SESSION_TOKEN);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.token.header).toEqual({
      alg: 'RS256',
      kid: 'ins_2GIoQhbUpy0hX7B2cVkuTMinXoD',
      typ: 'JWT',
    });
    expect(checkHeader(decoded.token.header)).toBeNull();
    expect(
      checkPayload(decoded.token.payload, { audience: null, maxTokenLifetimeSeconds: 3_600 }),
    ).toBeNull();
  });
});
