import type { Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's response headers, worked out ONCE at start-up by running helmet itself against a stand-in
 * response, then set on every response: helmet stays the source of every name and value.
 *
 * Why not `app.use(helmet(options))`: helmet builds the same values again on every request (its CSP
 * middleware re-serializes the directives each time, through a chain of a dozen middlewares), about
 * 2 % of the CPU of a public request here (docs/decisions.md). That holds only while no value depends
 * on the request: a directive given as a function (a per-request nonce) is refused below.
 */
export function securityHeaders(options: HelmetOptions): RequestHandler {
  const directives =
    typeof options.contentSecurityPolicy === 'object' ? options.contentSecurityPolicy.directives : {};
  const perRequest = Object.values(directives ?? {}).some((value) =>
    (Array.isArray(value) ? value : [value]).some((item) => typeof item === 'function'),
  );
  if (perRequest)
    throw new Error('securityHeaders: a per-request CSP directive needs helmet() on every request');

  const headers: Array<[name: string, value: string | string[]]> = [];
  const removed: string[] = [];
  const standIn = {
    setHeader: (name: string, value: string | string[]) => headers.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
  };
  let failure: unknown;
  helmet(options)({} as Request, standIn as unknown as Response, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;

  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
