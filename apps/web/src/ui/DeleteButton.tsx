import { useId, useRef } from 'react';

/**
 * "Delete" (or another `verb` that cannot be undone, such as "Revoke"), asking first: a native modal
 * <dialog> (the page behind is inert, Escape cancels, focus returns to this button). The question
 * opens with the focus on Cancel, so a double-click or a second Enter never deletes by accident.
 * `onDelete` runs after the dialog closed, free to move the focus.
 */
export function DeleteButton({
  what,
  onDelete,
  disabled = false,
  verb = 'Delete',
}: {
  /** What is deleted, as in "Delete note “Plan”": it names the button and the question. */
  what: string;
  onDelete: () => void;
  disabled?: boolean;
  verb?: 'Delete' | 'Revoke';
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const answer = (confirmed: boolean) => {
    dialog.current?.close();
    if (confirmed) onDelete();
  };
  return (
    <>
      <button
        type="button"
        className="danger"
        disabled={disabled}
        aria-label={`${verb} ${what}`}
        onClick={() => {
          dialog.current?.showModal();
          cancel.current?.focus();
        }}
      >
        {verb}
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={headingId}>
        <h2 id={headingId}>
          {verb} {what}?
        </h2>
        <p>This cannot be undone.</p>
        <div className="actions">
          <button type="button" className="danger" onClick={() => answer(true)}>
            {verb}
          </button>
          <button ref={cancel} type="button" className="secondary" onClick={() => answer(false)}>
            Cancel
          </button>
        </div>
      </dialog>
    </>
  );
}
