import type { Server } from 'node:http';
import { createApp } from './app';
import type { Env } from './env';

export interface RunningServer {
  server: Server;
  url: string;
  /** Stops accepting, lets in-flight requests finish, then releases resources (db pool, redis). */
  close(): Promise<void>;
}

/**
 * Builds every dependency from the validated env, mounts the app and listens. Shared by `index.ts`
 * and by tests (PORT=0 gives an ephemeral port), so tests exercise the real start-up path.
 */
export async function startServer(env: Env, host = '127.0.0.1'): Promise<RunningServer> {
  const app = createApp({ env });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(env.PORT, host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  return {
    server,
    url: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
