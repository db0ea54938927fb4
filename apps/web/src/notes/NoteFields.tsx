import { useId } from 'react';
import { checkText, RULES } from '../ui/validation';

export interface NoteDraft {
  title: string;
  body: string;
}

export type NoteErrors = Partial<Record<keyof NoteDraft, string>>;

export const NOTE_RULES = { title: RULES.noteTitle, body: RULES.noteBody };

/** The draft as the API takes it (trimmed), and what is wrong with it. */
export function checkNote(draft: NoteDraft): { value: NoteDraft; errors: NoteErrors } {
  const errors: NoteErrors = {};
  for (const field of ['title', 'body'] as const) {
    const problem = checkText(draft[field], NOTE_RULES[field]);
    if (problem) errors[field] = problem;
  }
  return { value: { title: draft.title.trim(), body: draft.body.trim() }, errors };
}

/**
 * Title and body inputs with their labels and one message per field. A shown message is checked again
 * on every change, so it goes away as soon as the field is fixed.
 */
export function NoteFields({
  draft,
  onChange,
  errors,
  onErrorsChange,
  labels = { title: 'Title', body: 'Body' },
  autoFocus = false,
}: {
  draft: NoteDraft;
  onChange: (draft: NoteDraft) => void;
  errors: NoteErrors;
  onErrorsChange: (errors: NoteErrors) => void;
  labels?: { title: string; body: string };
  autoFocus?: boolean;
}) {
  const id = useId();
  const edit = (field: keyof NoteDraft, value: string) => {
    onChange({ ...draft, [field]: value });
    if (errors[field])
      onErrorsChange({ ...errors, [field]: checkText(value, NOTE_RULES[field]) ?? undefined });
  };
  const described = (field: keyof NoteDraft) =>
    errors[field] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` } : {};
  return (
    <>
      <label htmlFor={`${id}-title`}>{labels.title}</label>
      <input
        id={`${id}-title`}
        value={draft.title}
        onChange={(event) => edit('title', event.target.value)}
        required
        autoComplete="off"
        // biome-ignore lint/a11y/noAutofocus: the editor just opened for this note, on the user's request.
        autoFocus={autoFocus}
        {...described('title')}
      />
      {errors.title && (
        <p id={`${id}-title-error`} className="field-error">
          {errors.title}
        </p>
      )}
      <label htmlFor={`${id}-body`}>{labels.body}</label>
      <textarea
        id={`${id}-body`}
        value={draft.body}
        onChange={(event) => edit('body', event.target.value)}
        rows={3}
        {...described('body')}
      />
      {errors.body && (
        <p id={`${id}-body-error`} className="field-error">
          {errors.body}
        </p>
      )}
    </>
  );
}
