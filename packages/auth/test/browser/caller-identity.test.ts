/**
 * An operation goes out only under the user and organization it was started under: the auth link
 * checks the token it is about to attach against the identity the operation carries.
 */
import { createTRPCClient, httpBatchLink, type Operation } from '@trpc/client';
import { initTRPC } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import {
  bearerEventSourceOptions,
  type CallerIdentity,
  callerIdentityLink,
  createTRPCAuth,
  IDENTITY_CONTEXT,
  identityOfToken,
  isIdentityChanged,
} from '../../src/browser';

const t = initTRPC.create();
const router = t.router({ save: t.procedure.mutation(() => 'saved') });

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned token with these claims: the browser only reads them, the API verifies. */
const tokenWith = (claims: Record<string, unknown>) =>
  `${encode({ alg: 'RS256' })}.${encode({ sid: 'sess_1', exp: 2e9, ...claims })}.sig`;

const ALICE_ACME = tokenWith({ sub: 'user_alice', v: 2, o: { id: 'org_acme', rol: 'admin' } });
const ALICE_GLOBEX = tokenWith({ sub: 'user_alice', v: 2, o: { id: 'org_globex', rol: 'admin' } });
const ALICE_PERSONAL = tokenWith({ sub: 'user_alice', v: 2 });
const BOB_ACME = tokenWith({ sub: 'user_bob', v: 2, o: { id: 'org_acme', rol: 'member' } });
const TEMPLATE_ACME = tokenWith({ sub: 'user_alice', aud: 'gatehouse-api', organization_id: 'org_acme' });

const aliceInAcme: CallerIdentity = { userId: 'user_alice', orgId: 'org_acme' };

/** A client made for `identity` (none: unchecked) whose session hands out `token`; counts requests. */
function clientFor(identity: CallerIdentity | null, token: string | null) {
  const sent: (string | null)[] = [];
  const auth = createTRPCAuth<typeof router>({ getToken: async () => token });
  const fetch = async (_url: unknown, init?: RequestInit) => {
    sent.push(new Headers(init?.headers).get('authorization'));
    return Response.json([{ result: { data: 'saved' } }]);
  };
  const client = createTRPCClient<typeof router>({
    links: [
      ...(identity ? [callerIdentityLink<typeof router>(identity)] : []),
      auth.link,
      httpBatchLink({ url: 'http://api.test/trpc', headers: auth.headers, fetch }),
    ],
  });
  return { client, sent };
}

describe('operations carry the identity they were started under', () => {
  it('sends one whose token is for that user and organization', async () => {
    const { client, sent } = clientFor(aliceInAcme, ALICE_ACME);
    await expect(client.save.mutate()).resolves.toBe('saved');
    expect(sent).toEqual([`Bearer ${ALICE_ACME}`]);
  });

  it.each([
    ['the organization was switched', aliceInAcme, ALICE_GLOBEX],
    ['the personal account is active now', aliceInAcme, ALICE_PERSONAL],
    ['another user signed in', aliceInAcme, BOB_ACME],
    ['the user signed out', aliceInAcme, null],
    ['a user signed in since', { userId: null, orgId: null }, ALICE_ACME],
  ])('sends nothing when %s', async (_case, identity, token) => {
    const { client, sent } = clientFor(identity, token);
    const error = await client.save.mutate().catch((caught: unknown) => caught);
    expect(isIdentityChanged(error)).toBe(true);
    expect(sent).toEqual([]);
  });

  it('asks once for a fresh token when the cached one still names the organization of a moment ago', async () => {
    const asked: (boolean | undefined)[] = [];
    const auth = createTRPCAuth<typeof router>({
      getToken: async (options) => {
        asked.push(options?.skipCache);
        return options?.skipCache ? ALICE_ACME : ALICE_GLOBEX;
      },
    });
    const sent: (string | null)[] = [];
    const client = createTRPCClient<typeof router>({
      links: [
        callerIdentityLink<typeof router>(aliceInAcme),
        auth.link,
        httpBatchLink({
          url: 'http://api.test/trpc',
          headers: auth.headers,
          fetch: async (_url, init) => {
            sent.push(new Headers(init?.headers).get('authorization'));
            return Response.json([{ result: { data: 'saved' } }]);
          },
        }),
      ],
    });
    await expect(client.save.mutate()).resolves.toBe('saved');
    expect(asked.map(Boolean)).toEqual([false, true]);
    expect(sent).toEqual([`Bearer ${ALICE_ACME}`]);
  });

  it('reads the organization of a JWT template as the API does (organization_id)', async () => {
    expect(identityOfToken(TEMPLATE_ACME)).toEqual(aliceInAcme);
    const { client, sent } = clientFor(aliceInAcme, TEMPLATE_ACME);
    await expect(client.save.mutate()).resolves.toBe('saved');
    expect(sent).toHaveLength(1);
  });

  it('leaves operations of a client made for no identity unchecked (Node clients, health)', async () => {
    const { client, sent } = clientFor(null, BOB_ACME);
    await expect(client.save.mutate()).resolves.toBe('saved');
    expect(sent).toEqual([`Bearer ${BOB_ACME}`]);
  });

  it('opens no live stream for another identity either', async () => {
    const opened: string[] = [];
    const options = bearerEventSourceOptions({ getToken: async () => ALICE_GLOBEX }, async (url) => {
      opened.push(String(url));
      return new Response('');
    });
    const op = { context: { [IDENTITY_CONTEXT]: aliceInAcme } } as unknown as Operation;
    const error = await options({ op })
      .fetch('http://api.test/trpc/tasks.onChange', { headers: {} })
      .catch((caught: unknown) => caught);
    expect(isIdentityChanged(error)).toBe(true);
    expect(opened).toEqual([]);
  });
});
