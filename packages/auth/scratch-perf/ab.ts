import { verifyToken } from '@clerk/backend';
import { createAuthenticator, createTokenVerifier, publicKeyPemFromPem } from '../src/server/index';
import { decodeToken } from '../src/server/token-format';
import { authObjectFromClaims } from '../src/server/claims';
import { AUTHORIZED_PARTY, generateBenchKeys, ISSUER, mintTokenPool } from '../../../tooling/bench/src/tokens';
const keys = generateBenchKeys();
const tokens = await mintTokenPool(keys, 300, 'x');
const pem = publicKeyPemFromPem(keys.publicKeyPem);
const opts = { jwtKey: pem, authorizedParties: [AUTHORIZED_PARTY], issuer: ISSUER, clockSkewInMs: 5000 };
const cfg = { keySource: { kind: 'pem' as const, pem }, issuer: ISSUER, authorizedParties: [AUTHORIZED_PARTY], audience: null, clockSkewMs: 5000, maxTokenLifetimeSeconds: 3600 };
const v = createTokenVerifier(cfg);
const variants: Record<string, () => (t: string) => Promise<unknown>> = {
  bare: () => (t) => verifyToken(t, opts),
  decodeThenBare: () => async (t) => { decodeToken(t); return verifyToken(t, opts); },
  bareThenClaims: () => async (t) => authObjectFromClaims(await verifyToken(t, opts) as any),
  verifier: () => (t) => v.verify(t),
  authenticator: () => { const a = createAuthenticator({ ...cfg, cacheSize: 10000 }); return (t) => a.authenticateToken(t); },
};
const totals: Record<string, number> = {};
for (const name in variants) { const f = variants[name]!(); for (const t of tokens) await f(t); totals[name] = 0; }
for (let r = 0; r < 6; r++) {
  for (const name of Object.keys(variants).sort(() => Math.random() - 0.5)) {
    const f = variants[name]!();
    const s = process.hrtime.bigint();
    for (const t of tokens) await f(t);
    totals[name]! += Number(process.hrtime.bigint() - s) / 1e3;
  }
}
for (const name in totals) console.log(name.padEnd(16), (totals[name]! / (6 * tokens.length)).toFixed(1), 'µs');
