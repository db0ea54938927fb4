/** `useFormAction`, the account forms' one-action-at-a-time state (sign-up, new organization, invite). */
import { DevAuthError } from '@gatehouse/auth/browser';
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useFormAction } from '../src/ui/use-form-action';
import { checkAccountFields } from '../src/ui/validation';

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

  it('says a refusal of the directory’s input check in plain words, never zod’s', async () => {
    const { result } = renderHook(() => useFormAction());
    const zod = 'firstName: Too small: expected string to have >=1 characters; name: Too big';
    await act(() => result.current.run(() => Promise.reject(new DevAuthError(zod, 400, 'invalid-body'))));
    expect(result.current.error).toBe(
      'Check the first name and organization name: the API did not accept it.',
    );
    const other = new DevAuthError('body: Unrecognized key', 400, 'invalid-body');
    await act(() => result.current.run(() => Promise.reject(other)));
    expect(result.current.error).toBe('The API did not accept these details. Check each field.');
  });
});

describe('account form checks', () => {
  it('find a blank or too long name before anything is sent', () => {
    expect(checkAccountFields({ firstName: '   ', emailAddress: 'a@b.test' })).toBe('Enter a first name.');
    expect(checkAccountFields({ name: 'x'.repeat(65) })).toBe(
      'The organization name is 65 characters long; the limit is 64.',
    );
    expect(checkAccountFields({ firstName: 'Ann', lastName: '', emailAddress: 'a@b.test' })).toBeNull();
  });
});
