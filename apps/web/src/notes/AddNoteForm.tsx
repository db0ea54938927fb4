import { useRef, useState } from 'react';
import { actionError } from '../api/errors';
import { useClearWhenReachable } from '../api/use-connection';
import { NoteFields } from './NoteFields';
import { useNoteForm } from './use-note-form';
import { useNoteMutations } from './use-notes';

const EMPTY = { title: '', body: '' };

export function AddNoteForm() {
  const { create } = useNoteMutations();
  const form = useNoteForm('new', EMPTY, (note) => create.mutateAsync(note));
  const [added, setAdded] = useState('');
  const formElement = useRef<HTMLFormElement>(null);
  useClearWhenReachable(create.error, create.reset);
  const failure = actionError(create.error);

  return (
    <form
      ref={formElement}
      className="card stacked-form"
      noValidate
      onSubmit={(event) =>
        form.submit(event, (note) => {
          form.setDraft(EMPTY); // a blank draft is not kept: the stored one goes too
          setAdded(`Note “${note.title}” added.`);
          // Ready for the next one: the button keeps no focus worth keeping.
          formElement.current?.querySelector('input')?.focus();
        })
      }
      aria-labelledby="add-note-heading"
    >
      <h2 id="add-note-heading">Add a note</h2>
      <NoteFields
        draft={form.draft}
        onChange={form.setDraft}
        errors={form.errors}
        onErrorsChange={form.setErrors}
      />
      {failure && (
        <p role="alert" className="error">
          Could not add the note. {failure}
        </p>
      )}
      <div className="actions">
        {/* aria-disabled, not disabled: a disabled button drops the keyboard focus to <body>. */}
        <button type="submit" aria-disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add note'}
        </button>
      </div>
      <p role="status" className="visually-hidden">
        {added}
      </p>
    </form>
  );
}
