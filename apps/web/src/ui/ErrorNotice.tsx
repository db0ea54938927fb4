import { describeError } from '../api/errors';

/** A failed load or action, explained (a 403 says what is missing), with a retry when it makes sense. */
export function ErrorNotice({
  error,
  onRetry,
  what,
}: {
  error: unknown;
  onRetry?: () => void;
  what?: string;
}) {
  return (
    <div role="alert" className="error">
      <p>
        {what ? `${what}: ` : ''}
        {describeError(error)}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
