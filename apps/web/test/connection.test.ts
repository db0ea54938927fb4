// @vitest-environment happy-dom
/**
 * The API connection state: from what calls and the live stream report, with health checks only while
 * the API is unreachable, on a capped backoff; "reconnected" exactly when it answers again.
 */
import { TRPCClientError } from '@trpc/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiConnection, isUnreachable } from '../src/api/connection';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const withStatus = (httpStatus: number) =>
  TRPCClientError.from({ error: { message: 'x', code: -32600, data: { httpStatus, code: 'X' } } });

describe('ApiConnection', () => {
  it('tells an unreachable API from one that answered with an error', () => {
    expect(isUnreachable(new TRPCClientError('fetch failed'))).toBe(true);
    expect(isUnreachable(withStatus(502))).toBe(true);
    expect(isUnreachable(withStatus(400))).toBe(false);
    expect(isUnreachable(withStatus(500))).toBe(false);
  });

  it('checks while unreachable (1 s, 2 s, 4 s, then every 5 s) and says when the API is back', async () => {
    const check = vi.fn(() => Promise.resolve());
    const connection = new ApiConnection(check);
    const reconnected = vi.fn();
    connection.onReconnect(reconnected);
    const stop = connection.start();
    expect(connection.status).toBe('checking');
    expect(check).toHaveBeenCalledTimes(1);

    connection.reportAnswer();
    expect(connection.status).toBe('online');
    expect(reconnected).not.toHaveBeenCalled(); // it was never away

    const checksAfter = async (ms: number) => {
      check.mockClear();
      connection.reportUnreachable();
      await vi.advanceTimersByTimeAsync(ms);
      return check.mock.calls.length;
    };
    expect(await checksAfter(999)).toBe(0);
    expect(connection.status).toBe('offline');
    await vi.advanceTimersByTimeAsync(1);
    expect(check).toHaveBeenCalledTimes(1);
    expect(await checksAfter(2_000)).toBe(1);
    expect(await checksAfter(4_000)).toBe(1);
    expect(await checksAfter(5_000)).toBe(1);
    expect(await checksAfter(5_000)).toBe(1);

    connection.reportAnswer();
    expect(connection.status).toBe('online');
    expect(reconnected).toHaveBeenCalledTimes(1);
    check.mockClear();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(check).not.toHaveBeenCalled(); // no poll while all is well
    stop();
  });
});
