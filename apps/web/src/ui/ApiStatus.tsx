import type { ConnectionStatus } from '../api/connection';
import { useConnectionStatus } from '../api/use-connection';

const LABELS: Record<ConnectionStatus, string> = {
  checking: 'checking…',
  online: 'ok',
  offline: 'unreachable',
};

/**
 * Whether the API answers, as the app's own calls and live stream find it (api/connection.ts): the
 * first thing to check when nothing loads. While it is unreachable, checks run until it answers.
 */
export function ApiStatus() {
  const status = useConnectionStatus();
  return (
    <footer className="api-status" data-status={status}>
      API status: <output aria-label="API status">{LABELS[status]}</output>
      {status === 'offline' && ' · retrying'}
    </footer>
  );
}
