/** `useFormAction`, the account forms' one-action-at-a-time state (sign-up, new organization, invite). */
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useFormAction } from '../src/ui/use-form-action';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('useFormAction', () => {
  it('runs one action at a time: a second submit while one is under way does nothing', async () => {
    const { result } = renderHook(() => useFormAction());
    const first = deferred();
    let calls = 0;
    const action = () => {
      calls += 1;
      return first.promise;
    };
    let running!: Promise<void>;
    act(() => {
      running = result.current.run(action);
      void result.current.run(action);
    });
    expect(calls).toBe(1);
    expect(result.current.busy).toBe(true);
    await act(async () => {
      first.resolve();
      await running;
    });
    expect(result.current).toMatchObject({ busy: false, error: null });
    await act(() => result.current.run(action));
    expect(calls).toBe(2);
  });

  it('shows a failure and frees the form, then clears the message on the next try', async () => {
    const { result } = renderHook(() => useFormAction());
    await act(() => result.current.run(() => Promise.reject(new Error('That email address is taken'))));
    expect(result.current).toMatchObject({ busy: false, error: 'That email address is taken' });
    await act(() => result.current.run(() => Promise.resolve()));
    expect(result.current).toMatchObject({ busy: false, error: null });
  });

  it('with staysBusy, stays busy after a success and refuses another submit', async () => {
    const { result } = renderHook(() => useFormAction());
    let calls = 0;
    const action = async () => {
      calls += 1;
    };
    await act(() => result.current.run(action, { staysBusy: true }));
    await act(() => result.current.run(action));
    expect(calls).toBe(1);
    expect(result.current.busy).toBe(true);
  });
});
