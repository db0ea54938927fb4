import { type FormEvent, useState } from 'react';
import { flushSync } from 'react-dom';
import { useSingleFlight } from '../ui/use-single-flight';
import { apiFieldMessages } from '../ui/validation';
import { checkNote, NOTE_RULES, type NoteDraft, type NoteErrors } from './NoteFields';
import { type DraftKey, useNoteDrafts } from './use-note-draft';

const hasErrors = (errors: NoteErrors) => Object.values(errors).some(Boolean);

/** Shows the messages, then moves the focus to the first field that has one. */
function showErrors(form: HTMLFormElement, errors: NoteErrors, setErrors: (errors: NoteErrors) => void) {
  flushSync(() => setErrors(errors));
  form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/**
 * The add and edit forms of a note: checked here first (trimmed, the API's limits), sent once however
 * often it is submitted, and the API's own field refusals shown under their fields. The text typed is
 * kept as the draft `draftKey` (use-note-draft.ts), so a remount (organization switch, reload) restores it.
 */
export function useNoteForm(
  draftKey: DraftKey,
  initial: NoteDraft,
  send: (note: NoteDraft) => Promise<unknown>,
) {
  const drafts = useNoteDrafts();
  const [draft, setDraftState] = useState(() => drafts.read(draftKey) ?? initial);
  const setDraft = (next: NoteDraft) => {
    setDraftState(next);
    drafts.save(draftKey, next);
  };
  const [errors, setErrors] = useState<NoteErrors>({});
  const once = useSingleFlight();

  const submit = (event: FormEvent<HTMLFormElement>, onSent: (note: NoteDraft) => void) => {
    event.preventDefault();
    const form = event.currentTarget;
    const checked = checkNote(draft);
    if (hasErrors(checked.errors)) return showErrors(form, checked.errors, setErrors);
    setErrors({});
    once(async () => {
      try {
        await send(checked.value);
      } catch (error) {
        const refused = apiFieldMessages(error, checked.value, NOTE_RULES);
        if (hasErrors(refused)) showErrors(form, refused, setErrors);
        throw error;
      }
      onSent(checked.value);
    });
  };
  return { draft, setDraft, errors, setErrors, submit };
}
