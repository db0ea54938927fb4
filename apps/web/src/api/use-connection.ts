import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import { type ApiConnection, type ConnectionStatus, isUnreachable } from './connection';

export const ConnectionContext = createContext<ApiConnection | null>(null);

function useApiConnection(): ApiConnection {
  const connection = useContext(ConnectionContext);
  if (!connection) throw new Error('useConnectionStatus() must be used inside <ApiProvider>');
  return connection;
}

export function useConnectionStatus(): ConnectionStatus {
  const connection = useApiConnection();
  return useSyncExternalStore(connection.subscribe, () => connection.status);
}

/** Runs `callback` (the latest one) each time the API answers again after being unreachable. */
export function useOnReconnect(callback: () => void): void {
  const connection = useApiConnection();
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => connection.onReconnect(() => latest.current()), [connection]);
}

/** Clears a failure that was only "the API cannot be reached" once it can be again. */
export function useClearWhenReachable(error: unknown, clear: () => void): void {
  useOnReconnect(() => {
    if (error && isUnreachable(error)) clear();
  });
}
