import { appRouter, createInnerContext } from '@gatehouse/api-contract';
import { signedOutAuth } from '@gatehouse/auth';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import cors from 'cors';
import express from 'express';
import type { Env } from './env';

/** What the app is built from; `server.ts` constructs these once per process. */
export interface AppDeps {
  env: Env;
}

/** Builds the Express app without listening, so tests can mount it on an ephemeral port. */
export function createApp({ env }: AppDeps) {
  const app = express();
  app.disable('x-powered-by');
  app.use(cors({ origin: env.CORS_ORIGINS, credentials: true, maxAge: 600 }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.use(
    '/trpc',
    createExpressMiddleware({
      router: appRouter,
      createContext: () =>
        createInnerContext({
          auth: signedOutAuth(),
          requestId: crypto.randomUUID(),
        }),
    }),
  );
  return app;
}
