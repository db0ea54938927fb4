import { runLoad } from './load';
import type { ServerProcess } from './processes';

/**
 * A tRPC batch of N protected calls (`me`, N = 1, 10, 20) over HTTP: server CPU per call, with a known
 * token (a cache hit), and per request with a never-seen token for every request. A batch is verified
 * once per HTTP request (counted exactly by apps/api/test/perf/one-verification.test.ts), so with new
 * tokens the request's cost grows by the calls' small cost, not by N verifications.
 */
export interface BatchFigures {
  size: number;
  hit: { reqPerSec: number; cpuMicrosPerCall: number };
  miss: { cpuMicrosPerRequest: number; requests: number };
}

const batchPath = (size: number) =>
  `${Array.from({ length: size }, () => 'me').join(',')}?batch=1&input=${encodeURIComponent('{}')}`;

export async function measureBatches(
  api: ServerProcess,
  {
    token,
    nextToken,
    sizes,
    durationS,
    missRequests,
    connections,
  }: {
    token: string;
    nextToken: () => string;
    sizes: number[];
    durationS: number;
    missRequests: number;
    connections: number;
  },
): Promise<BatchFigures[]> {
  const figures: BatchFigures[] = [];
  for (const size of sizes) {
    const url = `${api.url}/trpc/${batchPath(size)}`;
    const hit = await runLoad(
      { url, headers: { authorization: `Bearer ${token}` }, serverCpuMicros: api.cpuMicros },
      { connections, durationS },
    );
    const miss = await runLoad(
      { url, serverCpuMicros: api.cpuMicros, nextAuthorization: () => `Bearer ${nextToken()}` },
      { connections, amount: missRequests },
    );
    figures.push({
      size,
      hit: {
        reqPerSec: hit.requests / hit.elapsedS,
        cpuMicrosPerCall: hit.serverCpuMicros / (hit.requests * size),
      },
      miss: { cpuMicrosPerRequest: miss.serverCpuMicros / miss.requests, requests: miss.requests },
    });
  }
  return figures;
}
