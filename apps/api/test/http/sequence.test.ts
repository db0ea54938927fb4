import { once } from 'node:events';
import type { Server } from 'node:http';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequence } from '../../src/http/sequence';

/**
 * `sequence` on a bare Express app over real HTTP: the same order, early answers, and error routing
 * as the middlewares mounted one layer each. Each step appends its name to `res.locals.trail`.
 */
const step =
  (name: string): RequestHandler =>
  (_req, res, next) => {
    res.locals.trail = [...(res.locals.trail ?? []), name];
    next();
  };
const asyncStep =
  (name: string): RequestHandler =>
  async (_req, res, next) => {
    await new Promise((resolve) => setImmediate(resolve));
    res.locals.trail = [...(res.locals.trail ?? []), name];
    next();
  };
const answer: RequestHandler = (_req, res) => {
  res.json({ trail: res.locals.trail ?? [] });
};
const onError: ErrorRequestHandler = (error, _req, res, _next) => {
  res.status(500).json({ error: (error as Error).message, trail: res.locals.trail ?? [] });
};

let server: Server;
let url: string;

beforeAll(async () => {
  const app = express();
  app.get('/order', sequence(step('a'), asyncStep('b'), step('c')), answer);
  app.get('/answers-early', sequence(step('a'), answer, step('never')), step('never either'), answer);
  app.use(
    '/mounted',
    sequence((req, res, next) => {
      res.locals.trail = [`url ${req.url}`, `base ${req.baseUrl}`];
      next();
    }),
    answer,
  );
  app.get(
    '/next-error',
    sequence(step('a'), (_req, _res, next) => next(new Error('passed on')), step('never')),
    answer,
  );
  app.get(
    '/throws',
    sequence(step('a'), () => {
      throw new Error('thrown');
    }),
    answer,
  );
  app.get(
    '/rejects',
    sequence(step('a'), async () => {
      throw new Error('rejected');
    }),
    answer,
  );
  app.get('/empty', sequence(), answer);
  app.use(onError);
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = async (path: string) => {
  const res = await fetch(`${url}${path}`);
  return { status: res.status, body: (await res.json()) as { trail: string[]; error?: string } };
};

describe('sequence', () => {
  it('runs its handlers in order, waiting for async ones, then the next layer', async () => {
    expect(await get('/order')).toEqual({ status: 200, body: { trail: ['a', 'b', 'c'] } });
  });

  it('ends the request where a handler answers without calling next', async () => {
    expect(await get('/answers-early')).toEqual({ status: 200, body: { trail: ['a'] } });
  });

  it('sees the mount path trimmed, as a mounted layer does', async () => {
    expect(await get('/mounted/deep?q=1')).toEqual({
      status: 200,
      body: { trail: ['url /deep?q=1', 'base /mounted'] },
    });
  });

  it('sends next(error), a throw and a rejected promise to the error handlers, skipping the rest', async () => {
    expect(await get('/next-error')).toEqual({ status: 500, body: { error: 'passed on', trail: ['a'] } });
    expect(await get('/throws')).toEqual({ status: 500, body: { error: 'thrown', trail: ['a'] } });
    expect(await get('/rejects')).toEqual({ status: 500, body: { error: 'rejected', trail: ['a'] } });
  });

  it('with no handlers, passes straight on', async () => {
    expect(await get('/empty')).toEqual({ status: 200, body: { trail: [] } });
  });
});
