import { MACHINE_PERSONAS } from '@gatehouse/auth';
import { type LocalIssuer, NotAMemberError, people, UnknownPersonaError } from '@gatehouse/auth/server';
import express, { Router } from 'express';
import { z } from 'zod';
import { sendError } from '../http/error-response';
import { devAccountRoutes } from './dev-auth-accounts';
import { devMachineRoutes } from './dev-auth-machines';
import { parsed } from './parse-body';

/**
 * The local issuer's HTTP face, mounted at /dev/auth in local mode only (in Clerk mode the paths do not
 * exist: 404). The SPA's local Clerk-compatible client signs in and refreshes through these.
 *
 *   GET  /dev/auth/personas               → { personas: DirectoryPerson[], machines: MachinePersona[] }
 *        everyone in the local directory (the four personas, then whoever signed up), with their
 *        memberships and pending invitations
 *   POST /dev/auth/token { userId, orgId?, sessionId? }
 *                                          → { token, expiresAt (epoch s), sessionId }
 *        no sessionId: a new sign-in (new `sid`); with one: a refresh of that session.
 *        400 invalid-body · 404 unknown-persona · 403 not-a-member
 *   GET  /dev/auth/.well-known/jwks.json  → the issuer's public key as a JWKS
 *   …the accounts and organizations of dev-auth-accounts.ts, and the machine credentials (API keys, M2M
 *   tokens) of dev-auth-machines.ts
 */
const tokenRequest = z.object({
  userId: z.string().min(1).max(64),
  orgId: z.string().min(1).max(64).nullish(),
  sessionId: z
    .string()
    .regex(/^sess_[\w-]{1,64}$/, 'sessionId must be a sess_… id returned by this endpoint')
    .optional(),
});

export function devAuthRoutes(issuer: LocalIssuer): Router {
  const router = Router();

  router.get('/personas', async (_req, res) => {
    const personas = people(await issuer.directory.state());
    res.set('cache-control', 'no-store').json({ personas, machines: MACHINE_PERSONAS });
  });

  router.get('/.well-known/jwks.json', (_req, res) => {
    res.set('cache-control', 'public, max-age=300').json(issuer.jwks);
  });

  router.post('/token', express.json({ limit: '2kb' }), async (req, res) => {
    const body = parsed(tokenRequest, req, res);
    if (!body) return;
    try {
      const minted = await issuer.mint(body);
      res.set('cache-control', 'no-store').json(minted);
    } catch (error) {
      if (error instanceof UnknownPersonaError) {
        sendError(req, res, { code: 'NOT_FOUND', message: error.message, reason: 'unknown-persona' });
      } else if (error instanceof NotAMemberError) {
        sendError(req, res, { code: 'FORBIDDEN', message: error.message, reason: 'not-a-member' });
      } else {
        throw error;
      }
    }
  });

  router.use(devAccountRoutes(issuer));
  router.use(devMachineRoutes(issuer));
  return router;
}
