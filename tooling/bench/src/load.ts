import autocannon from 'autocannon';

/**
 * autocannon as a library. Latency percentiles are computed here from every response's own time
 * (autocannon's histogram keeps whole milliseconds, too coarse for a "p99 ≤ 1.1×" comparison at
 * 2-5 ms latencies). Any non-2xx answer or socket error fails the bench: a scenario that measures
 * 401s or 429s would be a fast lie.
 */
export interface LoadTarget {
  url: string;
  headers?: Record<string, string>;
  /** A fresh `authorization` header per request (the cache-miss run); called once per request. */
  nextAuthorization?: () => string;
  /** The server's CPU clock (µs), read before and after the run. */
  serverCpuMicros?: () => number;
}

export interface LoadOptions {
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  durationS?: number;
  /** Stop after exactly this many responses. */
  amount?: number;
}

export interface Sample {
  requests: number;
  elapsedS: number;
  /** Milliseconds, one per response. */
  latencies: number[];
  /** Server CPU used during the run, µs (0 when the target has no CPU clock). */
  serverCpuMicros: number;
}

export async function runLoad(target: LoadTarget, options: LoadOptions): Promise<Sample> {
  const latencies: number[] = [];
  const failures: string[] = [];
  const next = target.nextAuthorization;
  const cpuBefore = target.serverCpuMicros?.() ?? 0;
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolveRun, rejectRun) => {
    instance = autocannon(autocannonOptions(target, options, next), (error, result) =>
      error ? rejectRun(error) : resolveRun(result),
    );
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    else if (failures.length < 5) failures.push(`HTTP ${statusCode}`);
  });
  instance.on('reqError', (error) => {
    if (failures.length < 5) failures.push(String(error));
  });
  const result = await done;
  const serverCpuMicros = (target.serverCpuMicros?.() ?? 0) - cpuBefore;
  if (failures.length > 0) throw new Error(`${target.url}: failed responses, e.g. ${failures.join('; ')}`);
  return { requests: latencies.length, elapsedS: result.duration, latencies, serverCpuMicros };
}

function autocannonOptions(
  target: LoadTarget,
  options: LoadOptions,
  next: (() => string) | undefined,
): autocannon.Options {
  return {
    url: target.url,
    connections: options.connections,
    pipelining: 1,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationS ?? 5 }),
    headers: target.headers ?? {},
    ...(next
      ? {
          requests: [
            {
              setupRequest: (request) => ({
                ...request,
                headers: { ...request.headers, authorization: next() },
              }),
            },
          ],
        }
      : {}),
  };
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * fetch for the bench's setup calls, retried once when the connection drops: on a loaded machine a
 * kept-alive socket can reach its server-side keep-alive timeout just as it is reused.
 */
export async function fetchOnce(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
    return fetch(url, init);
  }
}
