/**
 * W3C Trace Context from the SPA: every HTTP request its tRPC client sends (a batch is one request)
 * carries a fresh `traceparent`, so the API's spans for it join a trace whose id the browser chose. The
 * SPA records no spans of its own; the header only lets a click be followed into the API (and a
 * support engineer find the trace from the browser's network panel).
 *
 *   httpBatchLink({ url, transformer, headers: withTraceparent(auth.headers) })
 */

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

function randomHex(byteCount: number): string {
  const bytes = new Uint8Array(byteCount);
  // All-zero ids are invalid: redraw (one chance in 2^64 at worst).
  do crypto.getRandomValues(bytes);
  while (bytes.every((byte) => byte === 0));
  return hex(bytes);
}

/** `00-<trace id>-<parent id>-01`: version 0, sampled (the API's parent-based sampler then records it). */
export function newTraceparent(): string {
  return `00-${randomHex(16)}-${randomHex(8)}-01`;
}

/** Wraps a tRPC link's `headers` function: its headers plus a new `traceparent` per request. */
export function withTraceparent<TInput>(
  headers: (input: TInput) => Promise<Record<string, string>> | Record<string, string>,
): (input: TInput) => Promise<Record<string, string>> {
  return async (input) => ({ ...(await headers(input)), traceparent: newTraceparent() });
}
