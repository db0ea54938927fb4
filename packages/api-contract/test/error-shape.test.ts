import { getErrorShape, TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, appRouter, INTERNAL_ERROR_MESSAGE } from '../src';

const shapeOf = (error: TRPCError) =>
  getErrorShape({
    config: appRouter._def._config,
    error,
    type: 'mutation',
    path: 'tasks.create',
    input: undefined,
    ctx: undefined,
  });

describe('the error shape a caller receives', () => {
  it('says nothing of an unexpected failure: not its statement, not its parameters', () => {
    const cause = new Error('Failed query: insert into "tasks" ("title") values ($1) params: secret');
    const shape = shapeOf(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: cause.message, cause }));
    expect(shape.message).toBe(INTERNAL_ERROR_MESSAGE);
    expect(shape.data).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', httpStatus: 500, reason: null });
  });

  it('keeps the message and reason of a deliberate refusal', () => {
    const refusal = new TRPCError({
      code: 'FORBIDDEN',
      message: 'Requires role org:admin',
      cause: new AccessDeniedError('missing-role'),
    });
    const shape = shapeOf(refusal);
    expect(shape.message).toBe('Requires role org:admin');
    expect(shape.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403, reason: 'missing-role' });
  });
});
