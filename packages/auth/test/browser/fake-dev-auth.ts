/**
 * An in-memory stand-in for the API's `/dev/auth/*`, as a `fetch` implementation: personas from the
 * shared cast, and unsigned Clerk-v2-shaped tokens (the browser never verifies signatures). Counts
 * mints so tests can assert caching and refresh behaviour.
 */
import { PERSONAS } from '../../src/personas';

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export interface FakeDevAuth {
  fetch: typeof fetch;
  mints: { userId: string; orgId: string | null; sessionId?: string }[];
  /** Make the next token requests fail with this status (null: answer normally). */
  failWith: number | null;
  lifetimeSeconds: number;
  /** The person leaves the organization (as removed from it in the directory). */
  leave(userId: string, orgId: string): void;
}

export function fakeDevAuth(apiUrl = 'http://api.test'): FakeDevAuth {
  let sequence = 0;
  const left = new Set<string>();
  const personas = () =>
    PERSONAS.map((persona) => ({
      ...persona,
      memberships: persona.memberships.filter((m) => !left.has(`${persona.userId} ${m.orgId}`)),
    }));
  const state: FakeDevAuth = {
    mints: [],
    failWith: null,
    lifetimeSeconds: 60,
    leave: (userId, orgId) => left.add(`${userId} ${orgId}`),
    fetch: async (input, init) => {
      const url = String(input);
      if (url === `${apiUrl}/dev/auth/personas`) return Response.json({ personas: personas() });
      if (url !== `${apiUrl}/dev/auth/token` || init?.method !== 'POST')
        return new Response('nope', { status: 404 });
      if (state.failWith) return Response.json({ error: 'refused' }, { status: state.failWith });
      const {
        userId,
        orgId = null,
        sessionId,
      } = JSON.parse(String(init.body)) as {
        userId: string;
        orgId?: string;
        sessionId?: string;
      };
      const persona = personas().find((candidate) => candidate.userId === userId);
      const membership = persona?.memberships.find((candidate) => candidate.orgId === orgId);
      if (!persona || (orgId && !membership)) {
        const error = {
          code: 'FORBIDDEN',
          message: `${userId} is not a member of ${orgId}`,
          reason: 'not-a-member',
        };
        return Response.json({ error }, { status: 403 });
      }
      state.mints.push(sessionId ? { userId, orgId, sessionId } : { userId, orgId });
      const iat = Math.floor(Date.now() / 1000);
      const claims = {
        v: 2,
        sub: userId,
        sid: sessionId ?? `sess_${userId}_${sequence + 1}`,
        iat,
        nbf: iat,
        exp: iat + state.lifetimeSeconds,
        jti: `jti_${++sequence}`,
        fea: 'o:tasks',
        ...(membership && {
          o: {
            id: membership.orgId,
            slg: membership.orgSlug,
            rol: membership.role.replace(/^org:/, ''),
            per: 'read,delete',
            fpm: membership.role === 'org:admin' ? '3' : '1',
          },
        }),
      };
      const token = `${base64url({ alg: 'RS256', typ: 'JWT' })}.${base64url(claims)}.c2ln`;
      return Response.json({ token, expiresAt: claims.exp, sessionId: claims.sid });
    },
  };
  return state;
}

export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}
