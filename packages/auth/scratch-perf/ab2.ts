import { verifyToken } from '@clerk/backend';
import { createTokenVerifier, publicKeyPemFromPem } from '../src/server/index';
import { decodeToken } from '../src/server/token-format';
import { checkHeader, checkPayload } from '../src/server/prechecks';
import { authObjectFromClaims } from '../src/server/claims';
import { AUTHORIZED_PARTY, generateBenchKeys, ISSUER, mintTokenPool } from '../../../tooling/bench/src/tokens';
const keys = generateBenchKeys();
const tokens = await mintTokenPool(keys, 300, 'x');
const pem = publicKeyPemFromPem(keys.publicKeyPem);
const opts = { authorizedParties: [AUTHORIZED_PARTY], issuer: ISSUER, clockSkewInMs: 5000 };
const cfg = { keySource: { kind: 'pem' as const, pem }, issuer: ISSUER, authorizedParties: [AUTHORIZED_PARTY], audience: null, clockSkewMs: 5000, maxTokenLifetimeSeconds: 3600 };
const v = createTokenVerifier(cfg);
const staticKey = { ok: true, pem };
const variants: Record<string, (t: string) => Promise<unknown>> = {
  bare: (t) => verifyToken(t, { ...opts, jwtKey: pem }),
  awaitKey: async (t) => { const k = await staticKey; return verifyToken(t, { ...opts, jwtKey: k.pem }); },
  withChecks: async (t) => { const d = decodeToken(t) as any; checkHeader(d.token.header) ?? checkPayload(d.token.payload, { audience: null, maxTokenLifetimeSeconds: 3600 }); return verifyToken(t, { ...opts, jwtKey: pem }); },
  full: async (t) => { const d = decodeToken(t) as any; checkHeader(d.token.header) ?? checkPayload(d.token.payload, { audience: null, maxTokenLifetimeSeconds: 3600 }); const k = await staticKey; let x; try { x = await verifyToken(t, { ...opts, jwtKey: k.pem }); } catch (e) { return e; } if ((x as any).sts === 'pending') return 1; try { return authObjectFromClaims(x as any) } catch { return 2; } },
  verifier: (t) => v.verify(t),
};
const totals: Record<string, number> = {}; const cpu: Record<string, number> = {};
for (const name in variants) { for (const t of tokens) await variants[name]!(t); totals[name] = 0; cpu[name] = 0; }
for (let r = 0; r < 6; r++) {
  for (const name of Object.keys(variants).sort(() => Math.random() - 0.5)) {
    const f = variants[name]!;
    const s = process.hrtime.bigint(); const c = process.cpuUsage();
    for (const t of tokens) await f(t);
    totals[name]! += Number(process.hrtime.bigint() - s) / 1e3; const cu = process.cpuUsage(c); cpu[name]! += cu.user + cu.system;
  }
}
for (const name in totals) console.log(name.padEnd(16), (totals[name]! / (6 * tokens.length)).toFixed(1), 'µs wall', (cpu[name]! / (6 * tokens.length)).toFixed(1), 'µs cpu');
