import { handleBackendApiRequest, type LocalIssuer } from '@gatehouse/auth/server';
import express, { Router } from 'express';

/**
 * Local mode's stand-in of Clerk's Backend API (`handleBackendApiRequest`): the verify endpoints
 * `@clerk/backend` calls for opaque machine tokens, answered from the local issuer's machine store, so
 * the API verifies `ak_…` / `mt_…` tokens through the very same SDK calls as in Clerk mode — over
 * loopback HTTP to itself. Mounted before authentication and rate limits: its callers authenticate with
 * the local issuer's secret key, which the session verifier must never see as a refused token.
 * The body is sent as `application/json` exactly: the SDK parses nothing else.
 */
export function localBackendApi(issuer: LocalIssuer): Router {
  const router = Router();
  router.use(express.json({ limit: '8kb' }), async (req, res) => {
    const answer = await handleBackendApiRequest(
      issuer.machines,
      { secretKey: issuer.backendSecretKey },
      { method: req.method, path: req.path, authorization: req.headers.authorization, body: req.body },
    );
    // `writeHead`, not `res.set`: Express would append `; charset=utf-8`, which the SDK does not parse.
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  return router;
}
