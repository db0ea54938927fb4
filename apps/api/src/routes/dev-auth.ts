import { MACHINE_PERSONAS, PERSONAS, type Persona, ROLE_PERMISSIONS } from '@gatehouse/auth';
import { type LocalIssuer, NotAMemberError, UnknownPersonaError } from '@gatehouse/auth/server';
import express, { Router } from 'express';
import { z } from 'zod';
import { sendError } from '../http/error-response';
import { devMachineRoutes } from './dev-auth-machines';

/**
 * The local issuer's HTTP face, mounted at /dev/auth in local mode only (in Clerk mode the paths do not
 * exist: 404). The SPA's local Clerk-compatible client signs in and refreshes through these.
 *
 *   GET  /dev/auth/personas               → { personas: PublicPersona[], machines: MachinePersona[] }
 *   POST /dev/auth/token { userId, orgId?, sessionId? }
 *                                          → { token, expiresAt (epoch s), sessionId }
 *        no sessionId: a new sign-in (new `sid`); with one: a refresh of that session.
 *        400 invalid-body · 404 unknown-persona · 403 not-a-member
 *   GET  /dev/auth/.well-known/jwks.json  → the issuer's public key as a JWKS
 *   …and the machine credentials (API keys, M2M tokens) of dev-auth-machines.ts
 */
const tokenRequest = z.object({
  userId: z.string().min(1).max(64),
  orgId: z.string().min(1).max(64).nullish(),
  sessionId: z
    .string()
    .regex(/^sess_[\w-]{1,64}$/, 'sessionId must be a sess_… id returned by this endpoint')
    .optional(),
});

export interface PublicPersona {
  userId: string;
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  imageUrl: null;
  publicMetadata: Persona['publicMetadata'];
  memberships: Array<Persona['memberships'][number] & { permissions: readonly string[] }>;
}

function publicPersona(persona: Persona): PublicPersona {
  const { userId, name, firstName, lastName, email, publicMetadata } = persona;
  return {
    userId,
    name,
    firstName,
    lastName,
    email,
    imageUrl: null,
    publicMetadata,
    memberships: persona.memberships.map((membership) => ({
      ...membership,
      permissions: ROLE_PERMISSIONS[membership.role],
    })),
  };
}

export function devAuthRoutes(issuer: LocalIssuer): Router {
  const router = Router();
  const personas = { personas: PERSONAS.map(publicPersona), machines: MACHINE_PERSONAS };

  router.get('/personas', (_req, res) => {
    res.json(personas);
  });

  router.get('/.well-known/jwks.json', (_req, res) => {
    res.set('cache-control', 'public, max-age=300').json(issuer.jwks);
  });

  router.post('/token', express.json({ limit: '2kb' }), async (req, res) => {
    const parsed = tokenRequest.safeParse(req.body);
    if (!parsed.success) {
      const message = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`,
      );
      sendError(req, res, { code: 'BAD_REQUEST', message: message.join('; '), reason: 'invalid-body' });
      return;
    }
    try {
      const minted = await issuer.mint(parsed.data);
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

  router.use(devMachineRoutes(issuer));
  return router;
}
