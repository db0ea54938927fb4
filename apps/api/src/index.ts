import { createApp } from './app';
import { loadEnv } from './env';

const env = loadEnv();
const server = createApp(env).listen(env.PORT, () => {
  console.log(`Gatehouse API listening on http://localhost:${env.PORT}`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
