/**
 * One span per tRPC procedure call (each call of a batch gets its own), and one record per call for
 * the API's metrics. tRPC has no tracing hooks of its own; this runs as the first middleware of every
 * ladder builder (see `procedure` in ./trpc), so it sees every call that reached a procedure — refused
 * by the ladder or not — with its path, type, access tier and outcome.
 */

import type { AuthObject } from '@gatehouse/auth';
import { callerAttributes } from '@gatehouse/auth';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { TRPCError } from '@trpc/server';

export interface ProcedureCall {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  /** The ladder tier from `meta.access`; `none` for a procedure made without a ladder builder. */
  access: string;
  /** `ok`, or the tRPC error code (`UNAUTHORIZED`, `FORBIDDEN`, …). */
  outcome: string;
  /** `error.data.reason` of a refused call (`token-expired`, `missing-role`, …), else null. */
  reason: string | null;
  durationSeconds: number;
}

/** Told about every finished call (the API counts them by procedure and outcome). */
export type ProcedureObserver = (call: ProcedureCall) => void;

type CallResult = { ok: true } | { ok: false; error: TRPCError };

interface CallInfo {
  path: string;
  type: ProcedureCall['type'];
  meta: { access?: string } | undefined;
  ctx: { auth: AuthObject; observeCall?: ProcedureObserver | undefined };
}

// Looked up per span, not held: a tracer taken before the SDK is (re)started would stay a no-op.
const tracer = () => trace.getTracer('@gatehouse/api-contract');

/** `run` is the rest of the call (tRPC's `next`); `reasonOf` reads `data.reason` from an error's cause. */
export async function observeProcedureCall<TResult extends CallResult>(
  { path, type, meta, ctx }: CallInfo,
  reasonOf: (cause: unknown) => string | null,
  run: () => Promise<TResult>,
): Promise<TResult> {
  const startedAt = performance.now();
  const access = meta?.access ?? 'none';
  const span = tracer().startSpan(`trpc ${path}`, { kind: SpanKind.INTERNAL });
  // Attributes only for a span that records: with tracing off, this hook stays a few allocations.
  if (span.isRecording())
    span.setAttributes({
      'rpc.system': 'trpc',
      'rpc.method': path,
      'trpc.type': type,
      'gatehouse.access': access,
      ...callerAttributes(ctx.auth),
    });
  const result = span.isRecording()
    ? await context.with(trace.setSpan(context.active(), span), run)
    : await run();
  const outcome = result.ok ? 'ok' : result.error.code;
  const reason = result.ok ? null : reasonOf(result.error.cause);
  if (span.isRecording()) {
    span.setAttributes({ 'gatehouse.outcome': outcome, ...(reason ? { 'gatehouse.reason': reason } : {}) });
    if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR')
      span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  }
  ctx.observeCall?.({
    path,
    type,
    access,
    outcome,
    reason,
    durationSeconds: (performance.now() - startedAt) / 1000,
  });
  return result;
}
