/**
 * Spans of token verification, children of the API's request span: `gatehouse.authenticate` (one per
 * request that presents a credential: cache hit, miss or joined verification, the token's kind, where
 * the key came from, the outcome) and `gatehouse.jwks.fetch`. Only identifiers and outcomes are
 * recorded, never the token. Without a recording request span (tracing off) nothing is created.
 */
import { context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import type { AuthObject } from '../types';
import type { Credential } from './extract';

// Looked up per span, not held: a tracer taken before the SDK is (re)started would stay a no-op.
const tracer = () => trace.getTracer('@gatehouse/auth');

function recording(): boolean {
  return trace.getActiveSpan()?.isRecording() === true;
}

export type CacheState = 'hit' | 'miss' | 'joined';
export type KeySourceName = 'pem' | 'jwks' | 'backend-api';

/** Adds a fact to the `gatehouse.authenticate` span under way (no-op outside one). */
function note(name: string, value: string): void {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) span.setAttribute(name, value);
}

export const noteCache = (state: CacheState) => note('gatehouse.auth.cache', state);
export const noteKeySource = (source: KeySourceName) => note('gatehouse.auth.key_source', source);

function endWithOutcome(span: Span, auth: AuthObject): void {
  if (auth.isAuthenticated) {
    span.setAttributes({ 'gatehouse.auth.outcome': 'ok', 'gatehouse.auth.token_type': auth.tokenType });
  } else {
    span.setAttribute('gatehouse.auth.outcome', auth.reason ?? 'none');
  }
  span.end();
}

/** Runs one request's authentication inside its span; a request without a credential gets none. */
export function traceAuthentication(
  credential: Credential,
  authenticate: (credential: Credential) => Promise<AuthObject>,
): Promise<AuthObject> {
  if (credential.kind === 'none' || !recording()) return authenticate(credential);
  const span = tracer().startSpan('gatehouse.authenticate', {
    attributes: {
      'gatehouse.auth.credential': credential.kind === 'token' ? credential.source : 'invalid',
    },
  });
  return context.with(trace.setSpan(context.active(), span), () =>
    authenticate(credential).then(
      (auth) => {
        endWithOutcome(span, auth);
        return auth;
      },
      (error: unknown) => {
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        throw error;
      },
    ),
  );
}

/** One fetch of the JWKS: `gatehouse.jwks.outcome` is `ok` or `failed` (the keys were kept). */
export function traceJwksFetch<T>(fetchKeys: () => Promise<T>): Promise<T> {
  if (!recording()) return fetchKeys();
  return tracer().startActiveSpan('gatehouse.jwks.fetch', (span) =>
    fetchKeys().then(
      (keys) => {
        span.setAttribute('gatehouse.jwks.outcome', 'ok');
        span.end();
        return keys;
      },
      (error: unknown) => {
        span.setAttribute('gatehouse.jwks.outcome', 'failed');
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
        throw error;
      },
    ),
  );
}
