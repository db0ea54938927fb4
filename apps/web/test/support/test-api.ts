/**
 * The Gatehouse API in-process, behind a `fetch` the SPA is given: the real `appRouter` (procedures,
 * zod, errors with their `reason`) over a test harness's database, and `/dev/auth/*` minting the
 * personas' signed session tokens (with a key of the test's own) that the real authenticator verifies
 * on every request.
 *
 * What a test may change is what happens around the API, never inside a procedure: the tokens it
 * accepts and the memberships they carry (as after a change in Clerk), when a request or its answer
 * gets through (`hold`), a gateway failing in front of it, and a restart that ends every stream.
 */

import { appRouter } from '@gatehouse/api-contract';
import { createLocalEventBus } from '@gatehouse/api-contract/events';
import { authFor, type PersonaName, type TestHarness } from '@gatehouse/api-contract/testing';
import {
  type AuthFailureReason,
  type AuthObject,
  PERSONAS,
  ROLE_PERMISSIONS,
  signedOutAuth,
} from '@gatehouse/auth';
import { createAuthenticator, extractCredential, UnknownPersonaError } from '@gatehouse/auth/server';
import { type ClerkTestInstance, createClerkTestInstance } from '@gatehouse/auth/testing';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';

export const API_URL = 'http://api.test';
/** The SPA's origin: `azp` of the tokens, the one authorized party. */
const SPA_ORIGIN = 'http://localhost:5173';

// One signing key per test file: generating an RSA key takes a while on a busy machine.
let instance: ClerkTestInstance | undefined;
let sessions = 0;

const personas = {
  personas: PERSONAS.map((persona) => ({
    ...persona,
    memberships: persona.memberships.map((m) => ({ ...m, permissions: ROLE_PERMISSIONS[m.role] })),
  })),
};

type Role = keyof typeof ROLE_PERMISSIONS;

/** Makes `holds.get(key)` a promise that resolves when the returned function is called. */
function hold(holds: Map<string, Promise<void>>, key: string): () => void {
  let release!: () => void;
  holds.set(key, new Promise<void>((resolve) => (release = resolve)));
  return () => {
    holds.delete(key);
    release();
  };
}

/** The API's answer while its database is away: 503 for every call of the request. */
function unavailable(paths: string[], batch: boolean): Response {
  const error = (path: string) => ({
    error: {
      json: {
        message: 'The database is unavailable; retry shortly',
        code: -32603,
        data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, path, reason: 'database-unavailable' },
      },
    },
  });
  const body = batch ? paths.map(error) : error(paths[0] ?? '');
  return Response.json(body, { status: 503, headers: { 'retry-after': '2' } });
}

export type TestApi = ReturnType<typeof createTestApi>;

export function createTestApi(harness: TestHarness) {
  instance ??= createClerkTestInstance({ authorizedParty: SPA_ORIGIN });
  const issuer = instance;
  const authenticator = createAuthenticator(issuer.authenticatorConfig());
  let events = createLocalEventBus();
  let refusal: AuthFailureReason | null = null;
  let gatewayFailures = 0;
  const memberships = new Map<string, Role | null>();
  const requestHolds = new Map<string, Promise<void>>();
  const answerHolds = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<Response>>();
  /** Per path, what happens to its next calls: answered 503, or handled but the answer lost. */
  const faults = new Map<string, ('unavailable' | 'answer-lost')[]>();
  const nextFault = (paths: string[]) => paths.map((path) => faults.get(path)?.shift()).find(Boolean);

  /** The verified caller, as the API's auth middleware makes it, then what the test changed since. */
  async function authenticate(req: Request): Promise<AuthObject> {
    const auth = await authenticator.authenticate(extractCredential([...req.headers].flat()));
    if (refusal) return signedOutAuth(refusal);
    if (auth.tokenType !== 'session_token' || !auth.orgId) return auth;
    const role = memberships.get(`${auth.userId}@${auth.orgId}`);
    if (role === undefined) return auth;
    const session = { sid: auth.sessionId, exp: auth.expiresAt, metadata: auth.claims.metadata };
    if (role === null) return authFor({ userId: auth.userId, claims: session });
    return authFor({
      userId: auth.userId,
      orgId: auth.orgId,
      orgRole: role,
      orgPermissions: ROLE_PERMISSIONS[role],
      claims: session,
    });
  }

  async function trpc(req: Request): Promise<Response> {
    const paths = new URL(req.url).pathname.slice('/trpc/'.length).split(',');
    if (paths.includes('tasks.onChange')) {
      api.connections.push(req);
      if (gatewayFailures > 0) {
        gatewayFailures -= 1;
        return new Response('Bad gateway', { status: 502 }); // e.g. a load balancer during a deploy
      }
    }
    const auth = await authenticate(req);
    const orgId = auth.isAuthenticated ? auth.orgId : null;
    for (const path of paths) {
      api.calls.push({ path, orgId });
      await requestHolds.get(`${path}@${orgId}`);
      await requestHolds.get(path);
    }
    const fault = nextFault(paths);
    if (fault === 'unavailable') return unavailable(paths, new URL(req.url).searchParams.has('batch'));
    const idempotencyKey = req.headers.get('idempotency-key') ?? undefined;
    const ctx = harness.context(auth, { events, idempotencyKey });
    const answer = await harness.runInRequest(ctx, () =>
      fetchRequestHandler({ endpoint: '/trpc', req, router: appRouter, createContext: () => ctx }),
    );
    for (const path of paths) await answerHolds.get(path);
    if (fault === 'answer-lost') throw new TypeError('Failed to fetch'); // what fetch() rejects with
    return answer;
  }

  /** `/dev/auth/*` as the API serves it in local mode (its input checks aside: the SPA sends valid ones). */
  async function devAuth(req: Request, path: string): Promise<Response> {
    if (path === '/dev/auth/personas') return Response.json(personas);
    const body = (await req.json()) as Record<string, string | undefined>;
    const sessionId = body.sessionId ?? `sess_test_${++sessions}`; // none: a new sign-in
    try {
      const token = issuer.personaToken(body.userId ?? '', body.orgId, { sessionId });
      const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
      return Response.json({ token, expiresAt: exp, sessionId });
    } catch (error) {
      const [status, reason] =
        error instanceof UnknownPersonaError ? [404, 'unknown-persona'] : [403, 'not-a-member'];
      return Response.json({ error: { message: (error as Error).message, reason } }, { status });
    }
  }

  const api = {
    /** Every procedure call that reached the API, with the org of its verified token. */
    calls: [] as { path: string; orgId: string | null }[],
    /** Every `tasks.onChange` connection attempt, as sent. */
    connections: [] as Request[],
    /**
     * A caller on this API as `persona` in `orgId` (another member, another tab): the page's streams
     * hear its changes. `harness.caller` is another replica instead, whose changes they never hear of.
     */
    as(persona: PersonaName, orgId: string) {
      return harness.caller({ persona, orgId }, { events });
    },
    addTask(orgId: string, title: string, persona: PersonaName = 'alice') {
      return api.as(persona, orgId).tasks.create({ title });
    },
    /** From now on, every token is refused with `reason` (e.g. the API's signing keys changed). */
    refuseTokens(reason: AuthFailureReason) {
      refusal = reason;
    },
    /** The API sees `userId` as `role` in `orgId` from now on, as once Clerk's next token says so; null: removed. */
    setMembership(userId: string, orgId: string, role: Role | null) {
      memberships.set(`${userId}@${orgId}`, role);
    },
    /**
     * Calls of `path` (by a token of `orgId`, if given) wait before the API handles them, until the
     * returned function is called.
     */
    hold: (path: string, orgId?: string) => hold(requestHolds, orgId ? `${path}@${orgId}` : path),
    /** Calls of `path` are handled (committed, announced) at once, but answered only on release. */
    holdAnswers: (path: string) => hold(answerHolds, path),
    /**
     * The next `count` calls of `path` are answered 503 (the database is away: nothing done), or
     * handled and committed with their answer lost on the way (the client sees a network error).
     */
    fail(path: string, count: number, how: 'unavailable' | 'answer-lost') {
      faults.set(path, [...(faults.get(path) ?? []), ...Array<typeof how>(count).fill(how)]);
    },
    /** The next `count` `tasks.onChange` connections are answered 502 by the gateway in front. */
    failConnections(count: number) {
      gatewayFailures = count;
    },
    /** Organizations with a live stream open. */
    listening: () => events.listenedOrgs(),
    /** The API process restarts: every stream ends (503: clients reconnect), to a new bus. */
    async restart() {
      const previous = events;
      events = createLocalEventBus();
      await previous.close();
    },
    /** Resolves once every request made so far has been answered. */
    settled: () => Promise.allSettled([...inFlight]),
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init);
      const path = new URL(req.url).pathname;
      const answer = path.startsWith('/dev/auth/')
        ? devAuth(req, path)
        : path.startsWith('/trpc/')
          ? trpc(req)
          : Promise.resolve(new Response('Not found', { status: 404 }));
      inFlight.add(answer);
      answer.finally(() => inFlight.delete(answer)).catch(() => {});
      return answer;
    }) as typeof fetch,
    close: () => events.close(),
  };
  return api;
}
