import { storable } from '@gatehouse/api-contract';
import {
  acceptInvitation,
  createOrganization,
  DirectoryError,
  invite,
  type LocalIssuer,
  ORG_ROLES,
  type OrgRole,
  organizationView,
  personOf,
  removeMember,
  setRole,
  signUp,
} from '@gatehouse/auth/server';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { codeForStatus, sendError } from '../http/error-response';
import { parsed } from './parse-body';

/**
 * Accounts and organizations of local mode, what Clerk's `<SignUp>`, `<OrganizationSwitcher>` and
 * `<OrganizationProfile>` do against Clerk (mounted under /dev/auth by dev-auth.ts; 404 in Clerk mode).
 * Every change is a Clerk webhook event the local issuer then sends to /webhooks/clerk. All but sign-up
 * act as the caller of the verified session token (`Authorization: Bearer`), as Clerk's Frontend API
 * does; roles are checked against the directory, never against the (up to a minute old) token.
 *
 *   POST   /sign-up { firstName, lastName?, emailAddress }            → 201 { person }
 *   POST   /organizations { name }                                     → 201 { organization } (caller: admin)
 *   GET    /organizations/:orgId                                       → { id, name, slug, members, invitations } (members only)
 *   POST   /organizations/:orgId/invitations { emailAddress, role }    → 201 { invitation } (admins)
 *   POST   /invitations/:invitationId/accept                           → { organization } (the invitee)
 *   PATCH  /organizations/:orgId/memberships/:userId { role }          → { ok: true } (admins)
 *   DELETE /organizations/:orgId/memberships/:userId                   → { ok: true } (admins, or leaving)
 *
 * Errors: 400 invalid-body · 401 sign-in-required · 403 not-an-admin, not-a-member · 404 unknown-user,
 * unknown-organization, unknown-invitation · 409 email-taken, already-a-member, last-admin.
 */
// Names reach the database through the user and organization webhooks.
const name = storable(z.string().trim().min(1).max(64));
const role = z.enum(ORG_ROLES as [OrgRole, ...OrgRole[]]);
const signUpRequest = z.strictObject({
  firstName: name,
  lastName: storable(z.string().trim().max(64)).optional(),
  emailAddress: z.email().max(254),
});
const organizationRequest = z.strictObject({ name });
const invitationRequest = z.strictObject({
  emailAddress: z.email().max(254),
  role: role.default('org:member'),
});
const roleRequest = z.strictObject({ role });

/** The caller's user id, from the session token the authenticate middleware verified. */
function callerOf(req: Request, res: Response): string | undefined {
  const auth = res.locals.auth;
  if (auth?.tokenType === 'session_token') return auth.userId;
  sendError(req, res, {
    code: 'UNAUTHORIZED',
    message: 'Sign in first: send the session token as Authorization: Bearer',
    reason: 'sign-in-required',
  });
  return undefined;
}

function directoryErrors(error: unknown, req: Request, res: Response, next: NextFunction) {
  if (!(error instanceof DirectoryError)) return next(error);
  sendError(req, res, { code: codeForStatus(error.status), message: error.message, reason: error.reason });
}

export function devAccountRoutes(issuer: LocalIssuer): Router {
  const router = Router();
  const json = express.json({ limit: '4kb' });
  const { directory } = issuer;
  const noStore = (res: Response) => res.set('cache-control', 'no-store');

  router.post('/sign-up', json, async (req, res) => {
    const body = parsed(signUpRequest, req, res);
    if (!body) return;
    const user = await signUp(directory, {
      ...body,
      lastName: body.lastName ?? null,
      email: body.emailAddress,
    });
    noStore(res)
      .status(201)
      .json({ person: personOf(await directory.state(), user.id) });
  });

  router.post('/organizations', json, async (req, res) => {
    const caller = callerOf(req, res);
    const body = caller && parsed(organizationRequest, req, res);
    if (!caller || !body) return;
    const org = await createOrganization(directory, caller, body.name);
    noStore(res)
      .status(201)
      .json({ organization: { id: org.id, name: org.name, slug: org.slug } });
  });

  router.get('/organizations/:orgId', async (req, res) => {
    const caller = callerOf(req, res);
    if (!caller) return;
    noStore(res).json(organizationView(await directory.state(), String(req.params.orgId), caller));
  });

  router.post('/organizations/:orgId/invitations', json, async (req, res) => {
    const caller = callerOf(req, res);
    const body = caller && parsed(invitationRequest, req, res);
    if (!caller || !body) return;
    const invitation = await invite(directory, caller, { orgId: String(req.params.orgId), ...body });
    noStore(res).status(201).json({ invitation });
  });

  router.post('/invitations/:invitationId/accept', async (req, res) => {
    const caller = callerOf(req, res);
    if (!caller) return;
    const org = await acceptInvitation(directory, caller, String(req.params.invitationId));
    noStore(res).json({ organization: { id: org.id, name: org.name, slug: org.slug } });
  });

  router.patch('/organizations/:orgId/memberships/:userId', json, async (req, res) => {
    const caller = callerOf(req, res);
    const body = caller && parsed(roleRequest, req, res);
    if (!caller || !body) return;
    const { orgId, userId } = req.params as { orgId: string; userId: string };
    await setRole(directory, caller, { orgId, userId, role: body.role });
    noStore(res).json({ ok: true });
  });

  router.delete('/organizations/:orgId/memberships/:userId', async (req, res) => {
    const caller = callerOf(req, res);
    if (!caller) return;
    const { orgId, userId } = req.params as { orgId: string; userId: string };
    await removeMember(directory, caller, { orgId, userId });
    noStore(res).json({ ok: true });
  });

  router.use(directoryErrors);
  return router;
}
