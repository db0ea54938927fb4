import { createHash, hash } from 'node:crypto';
import { decodeToken } from '../src/server/token-format';
import { generateBenchKeys, mintTokenPool } from '../../../tooling/bench/src/tokens';
const keys = generateBenchKeys();
const tokens = await mintTokenPool(keys, 200, 'x');
function bench(name: string, fn: (i: number) => unknown) {
  for (let i = 0; i < 20000; i++) fn(i);
  const n = 200000;
  const s = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  console.log(name.padEnd(24), (Number(process.hrtime.bigint() - s) / 1e3 / n).toFixed(2), 'µs');
}
const T = (i: number) => tokens[i % tokens.length]!;
const segs = tokens.map((t) => t.split('.'));
bench('createHash', (i) => createHash('sha256').update(T(i)).digest('base64url'));
bench('hash()', (i) => hash('sha256', T(i), 'base64url'));
bench('decodeToken', (i) => decodeToken(T(i)));
bench('buf payload', (i) => Buffer.from(segs[i % 200]![1]!, 'base64url').toString('utf8'));
bench('buf header', (i) => Buffer.from(segs[i % 200]![0]!, 'base64url').toString('utf8'));
const pj = segs.map((s) => Buffer.from(s[1]!, 'base64url').toString());
bench('JSON.parse payload', (i) => JSON.parse(pj[i % 200]!));
bench('indexOf+slice', (i) => { const t = T(i); const a = t.indexOf('.'); const b = t.indexOf('.', a + 1); return t.slice(a + 1, b); });
bench('regex', (i) => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(T(i)));
