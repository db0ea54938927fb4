/**
 * The first middleware: one server span per HTTP request (a child of the caller's W3C `traceparent`
 * when it sends one) that every later span — authentication, each tRPC call, SQL — hangs under, and the
 * request's metrics once it is over. Only the route (from a fixed set), the procedure names, the status,
 * the request id, the refusal reason and the caller's identifiers are recorded: never a header, a query
 * string or a body.
 */
import { callerAttributes } from '@gatehouse/auth';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import type { Metrics } from './metrics';

declare global {
  namespace Express {
    interface Locals {
      /** `error.reason` of an error answered by the HTTP layer (sendError), for spans and metrics. */
      refusalReason?: string;
      /** What became of a Clerk webhook delivery that was answered 200. */
      webhookOutcome?: string;
    }
  }
}

// Looked up per span, not held: a tracer taken before the SDK is (re)started would stay a no-op.
const tracer = () => trace.getTracer('@gatehouse/api');
const ROUTES = ['/trpc', '/webhooks/clerk', '/dev/auth', '/healthz', '/readyz', '/metrics'];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The route label: one of a fixed set, whatever path a client invents. */
export function routeOf(path: string): string {
  return ROUTES.find((route) => path === route || path.startsWith(`${route}/`)) ?? 'other';
}

function proceduresOf(path: string): string | undefined {
  if (!path.startsWith('/trpc/')) return undefined;
  try {
    return decodeURIComponent(path.slice('/trpc/'.length)).slice(0, 512);
  } catch {
    return undefined;
  }
}

export function observeRequests(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const startedAt = performance.now();
    const path = req.originalUrl.split('?', 1)[0]!;
    const route = routeOf(path);
    const method = METHODS.has(req.method) ? req.method : 'OTHER';
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer().startSpan(`${method} ${route}`, { kind: SpanKind.SERVER }, parent);
    if (span.isRecording()) {
      const procedures = route === '/trpc' ? proceduresOf(path) : undefined;
      span.setAttributes({
        'http.request.method': method,
        'http.route': route,
        ...(procedures ? { 'trpc.procedures': procedures } : {}),
      });
    }
    const mayStream = req.headers.accept?.includes('text/event-stream') === true;
    if (mayStream) metrics.streams.add(res);

    res.once('close', () => {
      if (mayStream) metrics.streams.delete(res);
      const { auth, requestId, refusalReason, webhookOutcome } = res.locals;
      const status = res.statusCode;
      metrics.requestFinished({
        method,
        route,
        status,
        seconds: (performance.now() - startedAt) / 1000,
        auth,
        webhookOutcome:
          route === '/webhooks/clerk' ? (webhookOutcome ?? refusalReason ?? `status-${status}`) : undefined,
      });
      if (!span.isRecording()) return;
      span.setAttributes({
        'http.response.status_code': status,
        ...(requestId ? { 'gatehouse.request_id': requestId } : {}),
        ...(refusalReason ? { 'gatehouse.reason': refusalReason } : {}),
        ...callerAttributes(auth),
      });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    if (!span.isRecording()) {
      next();
      return;
    }
    context.with(trace.setSpan(parent, span), next);
  };
}
