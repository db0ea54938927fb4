import { createContext, useContext } from 'react';
import { IDENTITY_CHANGED } from './errors';

interface DroppedActions {
  dropped: boolean;
  dismiss: () => void;
}

/** Whether an action was dropped because the organization or account changed before it was sent. */
export const DroppedActionsContext = createContext<DroppedActions>({ dropped: false, dismiss: () => {} });

/**
 * Said in the page, not by the form that started the action: that form was unmounted with the
 * identity it belonged to.
 */
export function DroppedActionsNotice() {
  const { dropped, dismiss } = useContext(DroppedActionsContext);
  if (!dropped) return null;
  return (
    <div role="alert" className="error">
      <p>A change you made was not saved. {IDENTITY_CHANGED}</p>
      <button type="button" className="secondary" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
