import { useCallback, useRef } from 'react';

/**
 * One action, one request: `run(send)` ignores a second call while the first is in flight. A button
 * disabled from the mutation's pending state is not enough: TanStack Query announces that state after
 * a macrotask, and a double-click's second click lands before it.
 */
export function useSingleFlight(): (send: () => Promise<unknown>) => void {
  const inFlight = useRef(false);
  return useCallback((send) => {
    if (inFlight.current) return;
    inFlight.current = true;
    // Failures are shown from the mutation's state; here they only end the flight.
    void send()
      .catch(() => undefined)
      .finally(() => {
        inFlight.current = false;
      });
  }, []);
}
