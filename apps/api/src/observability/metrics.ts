/**
 * Prometheus metrics of one API process (prom-client, a registry per app so that several apps in one
 * test process do not mix). Counters that live elsewhere (the verified-token cache, the JWKS store,
 * the database pool) are read at scrape time, costing nothing per request. Labels are bounded:
 * procedure paths that exist, tRPC codes, reasons from the fixed lists, routes from a fixed set —
 * never a user, an organization or a token.
 */
import type { ProcedureObserver } from '@gatehouse/api-contract';
import type { AuthObject } from '@gatehouse/auth';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { BucketName } from '../rate-limit/limiters';
import { type MetricSources, registerReadAtScrape } from './metrics-read-at-scrape';

export interface FinishedRequest {
  method: string;
  route: string;
  status: number;
  seconds: number;
  /** The verified caller (absent when the request was refused before authentication). */
  auth: AuthObject | undefined;
  /** `/webhooks/clerk` only: what became of the delivery. */
  webhookOutcome: string | undefined;
}

export interface Metrics {
  readonly registry: Registry;
  requestFinished(request: FinishedRequest): void;
  procedureCall: ProcedureObserver;
  rateLimited(bucket: BucketName): void;
  /** Responses that may become Server-Sent Event streams; counted while they stream. */
  readonly streams: Set<{ headersSent: boolean; getHeader(name: string): unknown }>;
}

export function createMetrics({ database, authenticator }: MetricSources): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

  const httpRequests = new Counter({
    name: 'gatehouse_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const httpDuration = new Histogram({
    name: 'gatehouse_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: seconds,
    registers,
  });
  const calls = new Counter({
    name: 'gatehouse_trpc_calls_total',
    help: 'tRPC procedure calls (each call of a batch) by procedure, type and outcome (ok or the tRPC code)',
    labelNames: ['procedure', 'type', 'outcome'],
    registers,
  });
  const callDuration = new Histogram({
    name: 'gatehouse_trpc_call_duration_seconds',
    help: 'tRPC procedure call latency by procedure, type and outcome',
    labelNames: ['procedure', 'type', 'outcome'],
    buckets: seconds,
    registers,
  });
  const refusedCalls = new Counter({
    name: 'gatehouse_trpc_refusals_total',
    help: 'tRPC calls refused with a reason (error.data.reason), by procedure and reason',
    labelNames: ['procedure', 'reason'],
    registers,
  });
  const authOutcomes = new Counter({
    name: 'gatehouse_auth_outcomes_total',
    help: 'Authentication of requests: authenticated (by token type), refused (by reason) or anonymous',
    labelNames: ['result', 'token_type', 'reason'],
    registers,
  });
  const rateLimitRefusals = new Counter({
    name: 'gatehouse_rate_limit_refusals_total',
    help: 'Requests refused with 429 by rate-limit bucket',
    labelNames: ['bucket'],
    registers,
  });
  const webhookDeliveries = new Counter({
    name: 'gatehouse_webhook_deliveries_total',
    help: 'Clerk webhook deliveries by outcome (applied, duplicate, ignored, or the refusal reason)',
    labelNames: ['outcome'],
    registers,
  });

  const streams: Metrics['streams'] = new Set();
  registerReadAtScrape(registers, { database, authenticator }, streams);

  return {
    registry,
    streams,
    requestFinished({ method, route, status, seconds: elapsed, auth, webhookOutcome }) {
      const labels = { method, route, status: String(status) };
      httpRequests.inc(labels);
      httpDuration.observe(labels, elapsed);
      if (auth) authOutcomes.inc(authLabels(auth));
      if (webhookOutcome) webhookDeliveries.inc({ outcome: webhookOutcome });
    },
    procedureCall({ path, type, outcome, reason, durationSeconds }) {
      const labels = { procedure: path, type, outcome };
      calls.inc(labels);
      callDuration.observe(labels, durationSeconds);
      if (reason) refusedCalls.inc({ procedure: path, reason });
    },
    rateLimited: (bucket) => rateLimitRefusals.inc({ bucket }),
  };
}

function authLabels(auth: AuthObject) {
  if (auth.isAuthenticated) return { result: 'authenticated', token_type: auth.tokenType, reason: 'none' };
  if (auth.reason === null) return { result: 'anonymous', token_type: 'none', reason: 'none' };
  return { result: 'refused', token_type: 'none', reason: auth.reason };
}
