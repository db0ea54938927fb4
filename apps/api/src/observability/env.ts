import { z } from 'zod';

/**
 * Where Prometheus scrapes `GET /metrics`. Spread into `envSchema` (src/env.ts). Never public by default:
 * with neither variable set there is no /metrics at all.
 * - METRICS_PORT: a listener of its own (on METRICS_HOST, loopback unless set), for a scraper inside the
 *   network; the public port answers 404. With METRICS_TOKEN as well, it also asks for the token.
 * - METRICS_TOKEN alone: /metrics on the public port, answering only `Authorization: Bearer <token>`.
 * The OpenTelemetry variables (OTEL_*) are read by the SDK itself (observability/tracing.ts).
 */
export const metricsEnv = {
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_TOKEN: z
    .string()
    .min(32, 'METRICS_TOKEN: at least 32 characters (e.g. `openssl rand -base64 32`)')
    .optional(),
};
