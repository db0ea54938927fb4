import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export interface Drainer {
  readonly draining: boolean;
  /** Stops accepting and waits for in-flight requests; `false` if `timeoutMs` passed and they were cut. */
  drain(timeoutMs: number): Promise<boolean>;
  /** Responses in flight, and how many of them are open event streams (live subscriptions). */
  inFlight(): { requests: number; eventStreams: number };
}

/**
 * Graceful drain for a Node HTTP server. `server.close()` alone stops accepting and closes idle
 * keep-alive sockets, but a busy keep-alive socket goes on serving new requests after its current one
 * (measured on Node 20), so close() can wait forever behind a chatty client. While draining, every
 * response is sent with `Connection: close`, sockets are closed as soon as they go idle, and after
 * the timeout whatever remains is cut. Node has the primitives built in, so no library is needed.
 * Event streams (SSE subscriptions) never finish on their own: they are closed at once, and their
 * EventSource clients reconnect, with their last event id, to a replica that is not stopping.
 */
export function drainable(server: Server): Drainer {
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  const eventStreams = new WeakSet<ServerResponse>();
  const isEventStream = (res: ServerResponse) =>
    eventStreams.has(res) || String(res.getHeader('content-type')).startsWith('text/event-stream');

  // Prepended so it runs before the app writes anything.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.accept?.includes('text/event-stream')) eventStreams.add(res); // EventSource asks so
    if (draining) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });

  return {
    get draining() {
      return draining;
    },
    inFlight: () => ({ requests: inFlight.size, eventStreams: [...inFlight].filter(isEventStream).length }),
    async drain(timeoutMs) {
      draining = true;
      for (const res of inFlight) {
        if (!res.headersSent) res.setHeader('connection', 'close');
        else if (isEventStream(res)) res.destroy();
      }
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let deadline: NodeJS.Timeout | undefined;
      const timedOut = new Promise<true>((resolve) => {
        deadline = setTimeout(() => resolve(true), timeoutMs);
      });
      const cut = await Promise.race([closed.then(() => false as const), timedOut]);
      clearTimeout(deadline);
      if (cut) {
        server.closeAllConnections();
        await closed;
      }
      return !cut;
    },
  };
}
