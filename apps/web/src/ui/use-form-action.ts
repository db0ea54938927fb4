import { useCallback, useRef, useState } from 'react';
import { accountErrorMessage } from './validation';

/**
 * A form's one action at a time, with its pending state and its error message: `run(action)` ignores a
 * submit while one is under way (a ref, not the rendered state: a double-click's second submit can land
 * before the re-render); a failure shows its message, in plain words, and frees the form. `staysBusy`: the screen
 * moves on after a success, so the form stays busy rather than invite a second submit meanwhile.
 */
export function useFormAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const underWay = useRef(false);
  const run = useCallback(async (action: () => Promise<unknown>, { staysBusy = false } = {}) => {
    if (underWay.current) return;
    const settle = (value: boolean) => {
      underWay.current = value;
      setBusy(value);
    };
    settle(true);
    setError(null);
    try {
      await action();
      if (!staysBusy) settle(false);
    } catch (cause) {
      setError(accountErrorMessage(cause));
      settle(false);
    }
  }, []);
  return { busy, error, run };
}
