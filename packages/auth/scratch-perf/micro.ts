import { createHash } from 'node:crypto';
import { authObjectFromClaims } from '../src/server/index';
import { __experimental_JWTPayloadToAuthObjectProperties as parse } from '@clerk/shared/jwtPayloadParser';
import { createCheckAuthorization } from '@clerk/shared/authorization';
import { decodeToken } from '../src/server/token-format';
import { checkHeader, checkPayload } from '../src/server/prechecks';
import { generateBenchKeys, mintTokenPool } from '../../../tooling/bench/src/tokens';
const keys = generateBenchKeys();
const tokens = await mintTokenPool(keys, 200, 'x');
console.log('token length', tokens[0]!.length);
const payloads = tokens.map((t) => (decodeToken(t) as any).token.payload);
function bench(name: string, fn: (i: number) => unknown) {
  for (let i = 0; i < 20000; i++) fn(i);
  const n = 100000;
  const s = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  console.log(name.padEnd(24), (Number(process.hrtime.bigint() - s) / 1e3 / n).toFixed(2), 'µs');
}
const T = (i: number) => tokens[i % tokens.length]!;
bench('regex', (i) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(T(i)));
bench('decodeToken', (i) => decodeToken(T(i)));
bench('prechecks', (i) => { const p = payloads[i % 200]; return checkPayload(p, { audience: null, maxTokenLifetimeSeconds: 3600 }); });
bench('sha256 b64url', (i) => createHash('sha256').update(T(i)).digest('base64url'));
bench('structuredClone', (i) => structuredClone(payloads[i % 200]));
bench('JSON clone', (i) => JSON.parse(JSON.stringify(payloads[i % 200])));
bench('clerk parse', (i) => parse(JSON.parse(JSON.stringify(payloads[i % 200]))));
bench('createCheckAuth', (i) => createCheckAuthorization({ userId: 'u', orgId: 'o', orgRole: 'org:admin', orgPermissions: ['a'], factorVerificationAge: [0, -1], features: 'o:tasks', plans: '' }));
bench('authObjectFromClaims', (i) => authObjectFromClaims(JSON.parse(JSON.stringify(payloads[i % 200]))));
