import { type FormEvent, useState } from 'react';
import { describeError, fieldErrors } from '../api/errors';
import { NoteFields } from './NoteFields';
import { useNoteMutations } from './use-notes';

export function AddNoteForm() {
  const { create } = useNoteMutations();
  const [draft, setDraft] = useState({ title: '', body: '' });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(draft, { onSuccess: () => setDraft({ title: '', body: '' }) });
  };

  return (
    <form className="card stacked-form" onSubmit={submit} aria-labelledby="add-note-heading">
      <h2 id="add-note-heading">Add a note</h2>
      <NoteFields draft={draft} onChange={setDraft} errors={create.error ? fieldErrors(create.error) : {}} />
      {create.isError && (
        <p role="alert" className="error">
          {describeError(create.error)}
        </p>
      )}
      <button type="submit" disabled={create.isPending}>
        {create.isPending ? 'Adding…' : 'Add note'}
      </button>
    </form>
  );
}
