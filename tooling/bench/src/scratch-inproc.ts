import { measureVerification } from './in-process';
import { generateBenchKeys, mintTokenPool } from './tokens';
const keys = generateBenchKeys();
let t = Date.now();
const tokens = await mintTokenPool(keys, 400, 'x');
console.log('mint ms', Date.now() - t);
t = Date.now();
console.log(await measureVerification(keys, tokens, 6));
console.log('measure ms', Date.now() - t);
