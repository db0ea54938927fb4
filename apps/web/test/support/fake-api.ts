/**
 * An in-memory Gatehouse API for component tests, served through a `fetch` function: `/dev/auth/*`
 * mints unsigned Clerk-v2-shaped tokens for the personas, and `/trpc` runs a small tRPC router with
 * the API's procedure names, transformer and error shape (`error.data.reason`). The token's claims
 * decide who calls and in which org, like the real API (minus the signature, which the browser never
 * checks). `hold()` parks answers to a procedure until the test releases them.
 */
import { PERSONAS } from '@gatehouse/auth';
import { initTRPC, TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { z } from 'zod';

export const API_URL = 'http://api.test';

interface Claims {
  sub: string;
  o?: { id: string; rol: string };
}
interface TaskRow {
  id: string;
  orgId: string;
  title: string;
  done: boolean;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

class Reason extends Error {}
const deny = (code: 'UNAUTHORIZED' | 'FORBIDDEN', reason: string): never => {
  throw new TRPCError({ code, message: reason, cause: new Reason(reason) });
};

const base64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

function decodeClaims(authorization: string | null): Claims | null {
  const payload = authorization?.replace(/^Bearer /, '').split('.')[1];
  return payload ? (JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as Claims) : null;
}

export function createFakeApi() {
  const tasks: TaskRow[] = [];
  const held = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<Response>>();
  const calls: { path: string; orgId: string | null }[] = [];
  const api = {
    tasks,
    calls,
    /** Every protected call answers this 401 reason (e.g. a token the API no longer accepts). */
    rejectTokens: null as string | null,
    /** Procedure path → reason it answers with 403 (a role revoked since the page loaded). */
    forbid: new Map<string, string>(),
    /** Answers to `path` in `orgId` wait until the returned function is called. */
    hold(path: string, orgId: string): () => void {
      let release!: () => void;
      held.set(`${path}@${orgId}`, new Promise<void>((resolve) => (release = resolve)));
      return () => {
        held.delete(`${path}@${orgId}`);
        release();
      };
    },
    /** Resolves once every request made so far has been answered. */
    settled: () => Promise.allSettled([...inFlight]),
    addTask(orgId: string, title: string, createdBy = 'user_alice'): TaskRow {
      const now = new Date(Date.now() - 60_000 + tasks.length);
      const row = {
        id: crypto.randomUUID(),
        orgId,
        title,
        done: false,
        createdBy,
        createdAt: now,
        updatedAt: now,
      };
      tasks.push(row);
      return row;
    },
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input));
      if (url.pathname.startsWith('/dev/auth/')) return devAuth(url.pathname, init);
      const answer = fetchRequestHandler({
        endpoint: '/trpc',
        req: new Request(url, init),
        router,
        createContext: ({ req }) => ({ claims: decodeClaims(req.headers.get('authorization')) }),
      });
      inFlight.add(answer);
      void answer.finally(() => inFlight.delete(answer));
      return answer;
    }) as typeof fetch,
  };

  const t = initTRPC.context<{ claims: Claims | null }>().create({
    transformer: superjson,
    errorFormatter: ({ shape, error }) => ({
      ...shape,
      data: { ...shape.data, reason: error.cause instanceof Reason ? error.cause.message : null },
    }),
  });
  const orgProcedure = t.procedure.use(async ({ ctx, path, next }) => {
    if (api.rejectTokens) deny('UNAUTHORIZED', api.rejectTokens);
    if (!ctx.claims) return deny('UNAUTHORIZED', 'token-missing');
    const org = ctx.claims.o ?? deny('FORBIDDEN', 'no-active-organization');
    calls.push({ path, orgId: org.id });
    await held.get(`${path}@${org.id}`);
    const forbidden = api.forbid.get(path);
    if (forbidden) deny('FORBIDDEN', forbidden);
    return next({ ctx: { userId: ctx.claims.sub, orgId: org.id, role: `org:${org.rol}` } });
  });
  const findTask = (orgId: string, id: string) => {
    const row = tasks.find((candidate) => candidate.id === id && candidate.orgId === orgId);
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'Task not found' });
    return row;
  };
  const toTask = ({ orgId: _org, ...task }: TaskRow) => task;

  const signedIn = t.procedure.use(({ ctx, next }) => {
    if (api.rejectTokens) deny('UNAUTHORIZED', api.rejectTokens);
    return next({ ctx: { userId: ctx.claims?.sub ?? deny('UNAUTHORIZED', 'token-missing') } });
  });
  const notes: {
    id: string;
    ownerId: string;
    title: string;
    body: string;
    createdAt: Date;
    updatedAt: Date;
  }[] = [];

  const router = t.router({
    notes: t.router({
      list: signedIn
        .input(z.object({ limit: z.number(), cursor: z.string().nullish() }).optional())
        .query(({ ctx }) => ({
          items: notes
            .filter((note) => note.ownerId === ctx.userId)
            .map(({ ownerId: _owner, ...note }) => note),
          nextCursor: null,
        })),
    }),
    tasks: t.router({
      list: orgProcedure
        .input(z.object({ limit: z.number(), cursor: z.string().nullish() }).optional())
        .query(({ ctx }) => ({
          items: tasks
            .filter((row) => row.orgId === ctx.orgId)
            .map(toTask)
            .reverse(),
          nextCursor: null,
        })),
      create: orgProcedure
        .input(z.object({ title: z.string() }))
        .mutation(({ ctx, input }) => toTask(api.addTask(ctx.orgId, input.title, ctx.userId))),
      update: orgProcedure
        .input(z.object({ id: z.string(), done: z.boolean().optional() }))
        .mutation(({ ctx, input }) => {
          const row = findTask(ctx.orgId, input.id);
          if (input.done !== undefined) row.done = input.done;
          return toTask(row);
        }),
      delete: orgProcedure.input(z.object({ id: z.string() })).mutation(({ ctx, input }) => {
        if (ctx.role !== 'org:admin') deny('FORBIDDEN', 'missing-role');
        const row = findTask(ctx.orgId, input.id);
        tasks.splice(tasks.indexOf(row), 1);
        return { id: row.id };
      }),
    }),
  });

  return api;
}

let sequence = 0;
function devAuth(pathname: string, init?: RequestInit): Response {
  if (pathname === '/dev/auth/personas') return Response.json({ personas: PERSONAS });
  const { userId, orgId } = JSON.parse(String(init?.body)) as { userId: string; orgId?: string };
  const persona = PERSONAS.find((candidate) => candidate.userId === userId);
  const membership = persona?.memberships.find((candidate) => candidate.orgId === orgId);
  if (!persona || (orgId && !membership)) return Response.json({ error: 'forbidden' }, { status: 403 });
  const iat = Math.floor(Date.now() / 1000);
  const claims = {
    v: 2,
    sub: userId,
    sid: `sess_${userId}`,
    iat,
    exp: iat + 60,
    jti: `jti_${++sequence}`,
    ...(membership && {
      o: { id: membership.orgId, slg: membership.orgSlug, rol: membership.role.replace(/^org:/, '') },
    }),
  };
  return Response.json({
    token: `${base64url({ alg: 'RS256' })}.${base64url(claims)}.c2ln`,
    expiresAt: claims.exp,
  });
}
