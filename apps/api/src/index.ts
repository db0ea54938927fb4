import { loadEnv } from './env';
import { startServer } from './server';

const env = loadEnv();
const running = await startServer(env, '0.0.0.0');
console.log(`Gatehouse API listening on ${running.url.replace('0.0.0.0', 'localhost')}`);

process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
process.once('SIGINT', () => void running.close().then(() => process.exit(0)));
