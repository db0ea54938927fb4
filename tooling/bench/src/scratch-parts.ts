import { createHash } from 'node:crypto';
import { authObjectFromClaims, publicKeyPemFromPem, createTokenVerifier } from '@gatehouse/auth/server';
import { decodeToken } from '../../../packages/auth/src/server/token-format';
import { checkHeader, checkPayload } from '../../../packages/auth/src/server/prechecks';
import { verifyToken } from '@clerk/backend';
import { generateBenchKeys, mintTokenPool, ISSUER, AUTHORIZED_PARTY } from './tokens';
const keys = generateBenchKeys();
const tokens = await mintTokenPool(keys, 300, 'x');
const pem = publicKeyPemFromPem(keys.publicKeyPem);
async function bench(name: string, fn: (t: string) => unknown) {
  for (const t of tokens) await fn(t);
  const s = process.hrtime.bigint();
  for (let r = 0; r < 3; r++) for (const t of tokens) await fn(t);
  console.log(name, (Number(process.hrtime.bigint() - s) / 1e3 / (tokens.length * 3)).toFixed(1), 'µs');
}
const payloads = tokens.map((t) => (decodeToken(t) as any).token.payload);
let i = 0;
await bench('decode', (t) => decodeToken(t));
await bench('decode+prechecks', (t) => { const d = (decodeToken(t) as any).token; return checkHeader(d.header) ?? checkPayload(d.payload, { audience: null, maxTokenLifetimeSeconds: 3600 }); });
await bench('sha256', (t) => createHash('sha256').update(t).digest('base64url'));
await bench('claims', () => authObjectFromClaims(structuredClone(payloads[(i++) % payloads.length])));
await bench('verifyToken', (t) => verifyToken(t, { jwtKey: pem, authorizedParties: [AUTHORIZED_PARTY], issuer: ISSUER }));
const v = createTokenVerifier({ keySource: { kind: 'pem', pem }, issuer: ISSUER, authorizedParties: [AUTHORIZED_PARTY], audience: null, clockSkewMs: 5000, maxTokenLifetimeSeconds: 3600 });
await bench('verifier', (t) => v.verify(t));
await bench('verifyToken', (t) => verifyToken(t, { jwtKey: pem, authorizedParties: [AUTHORIZED_PARTY], issuer: ISSUER }));
await bench('verifier', (t) => v.verify(t));
