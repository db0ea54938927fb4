import { Agent, type ClientRequest, request } from 'node:http';
import { fetchOnce, percentile } from './load';
import type { ServerProcess } from './processes';

/**
 * `count` authenticated `tasks.onChange` streams (SSE) held open on one API process: its memory per
 * stream (what it retains, JS heap and RSS, once its garbage is collected, before the streams open and
 * once they are all `ready`), its CPU while they idle (tRPC pings every 10 s), and how long one task
 * change takes to reach every stream (from sending `tasks.create` to each stream's receipt of the event
 * naming the new task).
 */
export interface StreamFigures {
  streams: number;
  rssBeforeBytes: number;
  rssOpenBytes: number;
  heapBeforeBytes: number;
  heapOpenBytes: number;
  /** Retained RSS per stream. */
  bytesPerStream: number;
  heapBytesPerStream: number;
  idleSeconds: number;
  /** Server CPU while the streams idled, as % of one core. */
  idleCpuPercent: number;
  /** One entry per change: ms until the last stream received it, and the per-stream p50/p99. */
  fanOut: Array<{ p50Ms: number; p99Ms: number; maxMs: number }>;
}

interface Stream {
  request: ClientRequest;
  buffered: string;
  waiters: Array<{ marker: string; found: (at: number) => void }>;
}

function openStream(url: string, authorization: string, agent: Agent): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const stream: Stream = { request: undefined as never, buffered: '', waiters: [] };
    stream.request = request(
      url,
      { agent, headers: { accept: 'text/event-stream', authorization } },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`stream answered ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const at = performance.now();
          stream.buffered += chunk;
          if (stream.buffered.includes('"ready"')) resolve(stream);
          stream.waiters = stream.waiters.filter((waiter) => {
            if (!stream.buffered.includes(waiter.marker)) return true;
            waiter.found(at);
            return false;
          });
          // Only the tail can hold a marker still awaited; the rest is dropped to keep the client small.
          if (stream.buffered.length > 4096) stream.buffered = stream.buffered.slice(-1024);
        });
      },
    );
    stream.request.on('error', reject).end();
  });
}

export async function measureStreams(
  api: ServerProcess,
  token: string,
  { count, idleSeconds, changes }: { count: number; idleSeconds: number; changes: number },
): Promise<StreamFigures> {
  const authorization = `Bearer ${token}`;
  if (!api.retainedMemory) throw new Error('measureStreams: start the API with `inspect`');
  const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const before = await api.retainedMemory();
  const streams: Stream[] = [];
  try {
    // In slices of 100, so the bench's own connects do not queue behind each other for seconds.
    for (let opened = 0; opened < count; opened += 100) {
      const slice = Math.min(100, count - opened);
      streams.push(
        ...(await Promise.all(
          Array.from({ length: slice }, () =>
            openStream(`${api.url}/trpc/tasks.onChange`, authorization, agent),
          ),
        )),
      );
    }
    const open = await api.retainedMemory();
    const cpuBefore = api.cpuMicros();
    await new Promise((idle) => setTimeout(idle, idleSeconds * 1_000));
    const idleCpuPercent = ((api.cpuMicros() - cpuBefore) / (idleSeconds * 1e6)) * 100;

    const fanOut: StreamFigures['fanOut'] = [];
    for (let change = 0; change < changes; change += 1) {
      const marker = `fan-out ${process.pid}-${change}`;
      const arrivals = streams.map(
        (stream) => new Promise<number>((found) => stream.waiters.push({ marker, found })),
      );
      const sentAt = performance.now();
      const res = await fetchOnce(`${api.url}/trpc/tasks.create`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ json: { title: marker } }),
      });
      if (res.status !== 200) throw new Error(`tasks.create answered ${res.status}`);
      const delays = (await Promise.all(arrivals)).map((at) => at - sentAt);
      fanOut.push({
        p50Ms: percentile(delays, 50),
        p99Ms: percentile(delays, 99),
        maxMs: Math.max(...delays),
      });
    }
    return {
      streams: count,
      rssBeforeBytes: before.rssBytes,
      rssOpenBytes: open.rssBytes,
      heapBeforeBytes: before.heapUsedBytes,
      heapOpenBytes: open.heapUsedBytes,
      bytesPerStream: (open.rssBytes - before.rssBytes) / count,
      heapBytesPerStream: (open.heapUsedBytes - before.heapUsedBytes) / count,
      idleSeconds,
      idleCpuPercent,
      fanOut,
    };
  } finally {
    for (const stream of streams) stream.request.destroy();
    agent.destroy();
  }
}
