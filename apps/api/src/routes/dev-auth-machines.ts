import { findMachinePersona } from '@gatehouse/auth';
import type { LocalIssuer, MachineRecord } from '@gatehouse/auth/server';
import express, { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { sendError } from '../http/error-response';
import { parsed } from './parse-body';

/**
 * Machine credentials of local mode, as Clerk's dashboard and Backend API would hand them out (mounted
 * under /dev/auth by dev-auth.ts; 404 in Clerk mode, where Clerk issues them):
 *
 *   POST   /dev/auth/api-keys { subject, name, scopes? }      → 201 { id, secret, subject, name, scopes, createdAt }
 *          subject: a persona (`user_…`) or one of their organizations (`org_…`); the secret is shown once
 *   GET    /dev/auth/api-keys?subject=…                        → { apiKeys: [{ id, name, subject, scopes, createdAt, revoked }] }
 *   DELETE /dev/auth/api-keys/:id                              → { id, revoked: true } (revoked at once in this process)
 *   POST   /dev/auth/m2m-tokens { machineId, scopes?, format } → 201 { token } (format `jwt` or `opaque`)
 *
 * Errors: 400 invalid-body, 404 unknown-persona (no such user, org or machine), 404 unknown-api-key.
 */
const scopes = z
  .array(z.string().regex(/^[\w:.-]{1,64}$/, 'scopes are 1-64 of letters, digits, _ : . -'))
  .max(20);
const apiKeyRequest = z.strictObject({
  subject: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(64),
  scopes: scopes.default([]),
});
const m2mRequest = z.strictObject({
  machineId: z.string().min(1).max(64),
  scopes: scopes.default([]),
  format: z.enum(['jwt', 'opaque']),
});

/** A user or an organization of the local directory. */
async function isKnownSubject(issuer: LocalIssuer, subject: string): Promise<boolean> {
  const state = await issuer.directory.state();
  return state.users.has(subject) || state.organizations.has(subject);
}

const listed = ({ id, name, subject, scopes, createdAt, revoked }: MachineRecord) => ({
  id,
  name,
  subject,
  scopes,
  createdAt,
  revoked,
});

export function devMachineRoutes(issuer: LocalIssuer): Router {
  const router = Router();
  const json = express.json({ limit: '4kb' });
  const unknown = (req: Request, res: Response, what: string) =>
    sendError(req, res, { code: 'NOT_FOUND', message: `No ${what}`, reason: 'unknown-persona' });

  router.post('/api-keys', json, async (req, res) => {
    const body = parsed(apiKeyRequest, req, res);
    if (!body) return;
    if (!(await isKnownSubject(issuer, body.subject)))
      return unknown(req, res, `user or organization ${body.subject}`);
    const { record, secret } = await issuer.machines.create('api_key', body);
    res
      .status(201)
      .set('cache-control', 'no-store')
      .json({ ...listed(record), secret });
  });

  router.get('/api-keys', async (req, res) => {
    const subject = typeof req.query.subject === 'string' ? req.query.subject : '';
    if (!(await isKnownSubject(issuer, subject))) return unknown(req, res, `user or organization ${subject}`);
    const keys = await issuer.machines.list('api_key', subject);
    res.set('cache-control', 'no-store').json({ apiKeys: keys.map(listed) });
  });

  router.delete('/api-keys/:id', async (req, res) => {
    const revoked = await issuer.machines.revoke('api_key', String(req.params.id), 'revoked in local mode');
    if (!revoked) {
      sendError(req, res, { code: 'NOT_FOUND', message: 'No such API key', reason: 'unknown-api-key' });
      return;
    }
    res.json({ id: revoked.id, revoked: true });
  });

  router.post('/m2m-tokens', json, async (req, res) => {
    const body = parsed(m2mRequest, req, res);
    if (!body) return;
    if (!findMachinePersona(body.machineId)) return unknown(req, res, `machine ${body.machineId}`);
    const token =
      body.format === 'jwt'
        ? await issuer.mintM2MJwt(body)
        : (await issuer.machines.create('m2m_token', { subject: body.machineId, scopes: body.scopes }))
            .secret;
    res.status(201).set('cache-control', 'no-store').json({ token });
  });

  return router;
}
