import { publicKeyPemFromPem, createTokenVerifier } from '@gatehouse/auth/server';
import { generateBenchKeys, mintTokenPool, ISSUER, AUTHORIZED_PARTY } from './tokens';
const keys = generateBenchKeys();
const tokens = await mintTokenPool(keys, 300, 'x');
const pem = publicKeyPemFromPem(keys.publicKeyPem);
const v = createTokenVerifier({ keySource: { kind: 'pem', pem }, issuer: ISSUER, authorizedParties: [AUTHORIZED_PARTY], audience: null, clockSkewMs: 5000, maxTokenLifetimeSeconds: 3600 });
const s = process.hrtime.bigint();
for (let r = 0; r < 15; r++) for (const t of tokens) { const x = await v.verify(t); if (!x.ok) throw new Error(x.reason); }
console.log((Number(process.hrtime.bigint() - s) / 1e3 / (tokens.length * 15)).toFixed(1), 'µs');
