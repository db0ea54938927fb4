import WebSocket from 'ws';

/**
 * A DevTools-protocol session with a server the bench started under `--inspect=127.0.0.1:0`, to collect
 * its garbage before a memory reading: a figure is then what the server retains, not what its collector
 * has not reached yet. Without it, the RSS grown by 1,000 open streams read 11–140 KB per stream from one
 * run to the next, the same code throughout.
 */
export interface Inspector {
  /** Two full collections (the second takes what the first's finalizers released), then the heap in use. */
  collectGarbage(): Promise<{ heapUsedBytes: number }>;
  close(): void;
}

/** Node prints `Debugger listening on ws://…` on stderr once the inspector is up, before the app starts. */
export async function openInspector(stderr: string): Promise<Inspector> {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
  if (!url) throw new Error(`no inspector address in the server's stderr:\n${stderr}`);
  const socket = new WebSocket(url);
  await new Promise<void>((open, fail) => {
    socket.once('open', () => open());
    socket.once('error', fail);
  });
  let lastId = 0;
  const answers = new Map<number, { done: (result: unknown) => void; fail: (error: Error) => void }>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as {
      id?: number;
      result?: unknown;
      error?: { message: string };
    };
    const answer = message.id === undefined ? undefined : answers.get(message.id);
    if (!answer) return; // an event, not an answer
    answers.delete(message.id!);
    if (message.error) answer.fail(new Error(message.error.message));
    else answer.done(message.result);
  });
  const call = <T>(method: string) =>
    new Promise<T>((done, fail) => {
      lastId += 1;
      answers.set(lastId, { done: (result) => done(result as T), fail });
      socket.send(JSON.stringify({ id: lastId, method }));
    });
  return {
    async collectGarbage() {
      await call('HeapProfiler.collectGarbage');
      await call('HeapProfiler.collectGarbage');
      const { usedSize } = await call<{ usedSize: number }>('Runtime.getHeapUsage');
      return { heapUsedBytes: usedSize };
    },
    close: () => socket.close(),
  };
}
