/**
 * The peer the bench compares Gatehouse against: Express wired as Clerk documents it, i.e.
 * `clerkMiddleware()` on every request and `getAuth(req)` in the tRPC context, serving the same two
 * procedures as the API (`health`, public; `me`, protected, same output). Networkless: the same
 * RSA key as the API through `jwtKey`. Run as a child process by the bench (PORT, CLERK_JWT_KEY,
 * CLERK_PUBLISHABLE_KEY, AUTHORIZED_PARTY from the environment).
 */
import { clerkMiddleware, getAuth } from '@clerk/express';
import { initTRPC, TRPCError } from '@trpc/server';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express from 'express';
import superjson from 'superjson';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`peer-server: ${name} is required`);
  return value;
}

const port = Number(required('PORT'));
const jwtKey = required('CLERK_JWT_KEY');
const publishableKey = required('CLERK_PUBLISHABLE_KEY');
const authorizedParty = required('AUTHORIZED_PARTY');

type PeerContext = { auth: ReturnType<typeof getAuth> };
const t = initTRPC.context<PeerContext>().create({ transformer: superjson });

const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.auth.userId) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return next({ ctx: { auth: ctx.auth } });
});

const peerRouter = t.router({
  health: t.procedure.query(() => ({ status: 'ok' as const })),
  me: protectedProcedure.query(({ ctx }) => {
    const { userId, sessionId, orgId, orgRole, orgSlug, orgPermissions } = ctx.auth;
    return { userId, sessionId, orgId, orgRole, orgSlug, orgPermissions: [...(orgPermissions ?? [])] };
  }),
});

const app = express();
app.disable('x-powered-by');
// Clerk insists on a secret key even when `jwtKey` makes verification networkless; this one is never sent
// anywhere (header tokens are verified locally, and the bench machine has no route to Clerk anyway).
app.use(
  clerkMiddleware({
    jwtKey,
    publishableKey,
    secretKey: 'sk_test_gatehouse_bench_never_used',
    authorizedParties: [authorizedParty],
  }),
);
app.use(
  '/trpc',
  createExpressMiddleware({ router: peerRouter, createContext: ({ req }) => ({ auth: getAuth(req) }) }),
);
app.listen(port, '127.0.0.1');
