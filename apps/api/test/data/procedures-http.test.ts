/**
 * The data procedures over real HTTP: tokens minted by the local issuer, verified by the API's real
 * authenticator, through the tRPC client. The per-procedure cases live in packages/api-contract/test;
 * this proves the wiring (auth → context → db) and the custom `metadata.tier` claim end to end.
 */
import type { AppRouter } from '@gatehouse/api-contract';
import { describeEachDriver } from '@gatehouse/db/testing';
import { TRPCClientError } from '@trpc/client';
import { expect, it } from 'vitest';
import { trpcClient } from '../support/http';
import { useTestServer } from '../support/test-server';

describeEachDriver('data procedures over HTTP', (driver) => {
  const server = useTestServer({ database: driver });

  const clientAs = async (userId: string, orgId: string | null = null) =>
    trpcClient(server, await server.localToken(userId, orgId));
  const failure = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => expect.fail('expected the call to fail'),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    const { data: shape } = error as TRPCClientError<AppRouter>;
    return { code: shape?.code, status: shape?.httpStatus, reason: shape?.reason };
  };

  it('serves the seeded persona profile in local mode', async () => {
    const alice = await clientAs('user_alice');
    expect(await alice.profile.query()).toEqual({
      email: 'alice@acme.test',
      firstName: 'Alice',
      lastName: 'Admin',
      imageUrl: null,
    });
  });

  it("keeps notes per user and tasks per org, with the role and tier checks from the token's claims", async () => {
    const alice = await clientAs('user_alice', 'org_acme');
    const bob = await clientAs('user_bob', 'org_acme');
    const dave = await clientAs('user_dave', 'org_globex');

    const note = await alice.notes.create.mutate({ title: 'Mine', body: 'only mine' });
    const task = await alice.tasks.create.mutate({ title: 'Ours' });
    expect((await bob.notes.list.query()).items).toEqual([]);
    expect((await bob.tasks.list.query()).items.map((t) => t.id)).toEqual([task.id]);
    expect(await failure(bob.notes.delete.mutate({ id: note.id }))).toMatchObject({ status: 404 });

    expect(await failure(bob.tasks.delete.mutate({ id: task.id }))).toEqual({
      code: 'FORBIDDEN',
      status: 403,
      reason: 'missing-role',
    });
    expect(await failure(dave.tasks.update.mutate({ id: task.id, done: true }))).toMatchObject({
      status: 404,
    });

    expect((await alice.notes.export.query()).notes.map((n) => n.id)).toEqual([note.id]);
    expect(await failure(bob.notes.export.query())).toEqual({
      code: 'FORBIDDEN',
      status: 403,
      reason: 'missing-claim',
    });

    const sneaky = { title: 'x', ownerId: 'user_bob' } as { title: string };
    expect(await failure(alice.notes.create.mutate(sneaky))).toMatchObject({ status: 400 });
    await expect(alice.tasks.delete.mutate({ id: task.id })).resolves.toEqual({ id: task.id });
  });
});
