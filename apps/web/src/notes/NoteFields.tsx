import { LIMITS } from '@gatehouse/db/limits';
import { useId } from 'react';

export interface NoteDraft {
  title: string;
  body: string;
}

/** Title and body inputs with their labels and the API's field errors. */
export function NoteFields({
  draft,
  onChange,
  errors,
  labels = { title: 'Title', body: 'Body' },
}: {
  draft: NoteDraft;
  onChange: (draft: NoteDraft) => void;
  errors: Record<string, string[]>;
  labels?: { title: string; body: string };
}) {
  const id = useId();
  const titleError = errors.title?.[0];
  const bodyError = errors.body?.[0];
  return (
    <>
      <label htmlFor={`${id}-title`}>{labels.title}</label>
      <input
        id={`${id}-title`}
        value={draft.title}
        onChange={(event) => onChange({ ...draft, title: event.target.value })}
        maxLength={LIMITS.titleMax}
        required
        aria-invalid={titleError ? true : undefined}
        aria-describedby={titleError ? `${id}-title-error` : undefined}
      />
      {titleError && (
        <p id={`${id}-title-error`} className="field-error">
          {titleError}
        </p>
      )}
      <label htmlFor={`${id}-body`}>{labels.body}</label>
      <textarea
        id={`${id}-body`}
        value={draft.body}
        onChange={(event) => onChange({ ...draft, body: event.target.value })}
        maxLength={LIMITS.noteBodyMax}
        rows={3}
        aria-invalid={bodyError ? true : undefined}
        aria-describedby={bodyError ? `${id}-body-error` : undefined}
      />
      {bodyError && (
        <p id={`${id}-body-error`} className="field-error">
          {bodyError}
        </p>
      )}
    </>
  );
}
