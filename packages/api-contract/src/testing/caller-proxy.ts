/**
 * A typed tRPC caller whose every procedure call goes through `call(path, args)`. tRPC's caller has no
 * hook around a call, hence this small proxy mirroring its shape: property reads extend the path, a
 * call runs `call`. The harness uses it to give each call a request of its own (context, `getAuth()`)
 * and to resolve the harness only when a test runs.
 */
export function callerProxy<T>(call: (path: readonly string[], args: unknown[]) => unknown): T {
  const at = (path: readonly string[]): unknown =>
    new Proxy(() => {}, {
      get: (_target, key) => (typeof key === 'string' && key !== 'then' ? at([...path, key]) : undefined),
      apply: (_target, _this, args: unknown[]) => call(path, args),
    });
  return at([]) as T;
}

/** Calls the procedure at `path` of a real tRPC caller. */
export function callAt(caller: object, path: readonly string[], args: unknown[]): unknown {
  let procedure: unknown = caller;
  for (const key of path) procedure = (procedure as Record<string, unknown>)[key];
  return (procedure as (...input: unknown[]) => unknown)(...args);
}
