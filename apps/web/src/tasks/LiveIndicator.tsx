import type { LiveStatus } from './live-tasks';

const LABELS: Record<LiveStatus, string> = {
  connecting: 'Connecting to live updates…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  stopped: 'Live updates stopped',
};

/** Whether the list is updating live; announced politely to screen readers when it changes. */
export function LiveIndicator({ status, onReconnect }: { status: LiveStatus; onReconnect: () => void }) {
  return (
    <div className="live-indicator" data-status={status}>
      <span role="status" aria-live="polite" aria-label={`Live updates: ${LABELS[status]}`}>
        <span className="live-dot" aria-hidden="true" />
        {LABELS[status]}
      </span>
      {status === 'stopped' && (
        <button type="button" className="secondary" onClick={onReconnect}>
          Reconnect live updates
        </button>
      )}
    </div>
  );
}
