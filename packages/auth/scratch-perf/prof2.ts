import { createAuthenticator, publicKeyPemFromPem } from '../src/server/index';
import { AUTHORIZED_PARTY, generateBenchKeys, ISSUER, mintTokenPool } from '../../../tooling/bench/src/tokens';
const keys = generateBenchKeys();
const tokens = await mintTokenPool(keys, 300, 'x');
const pem = publicKeyPemFromPem(keys.publicKeyPem);
const cfg = { keySource: { kind: 'pem' as const, pem }, issuer: ISSUER, authorizedParties: [AUTHORIZED_PARTY], audience: null, clockSkewMs: 5000, maxTokenLifetimeSeconds: 3600, cacheSize: 10000 };
await new Promise((r) => setTimeout(r, 200));
for (let r = 0; r < 30; r++) { const a = createAuthenticator(cfg); for (const t of tokens) { const x = await a.authenticateToken(t); if (!x.isAuthenticated) throw new Error(String(x.reason)); } }
