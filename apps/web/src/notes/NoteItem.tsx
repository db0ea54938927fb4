import { type FormEvent, useState } from 'react';
import { describeError, fieldErrors } from '../api/errors';
import type { Note } from '../api/trpc';
import { NoteFields } from './NoteFields';
import { useNoteMutations } from './use-notes';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function NoteItem({ note }: { note: Note }) {
  const { update, remove } = useNoteMutations();
  const [draft, setDraft] = useState<{ title: string; body: string } | null>(null);

  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    update.mutate({ id: note.id, ...draft }, { onSuccess: () => setDraft(null) });
  };

  if (draft) {
    return (
      <li className="card note">
        <form className="stacked-form" onSubmit={save} aria-label={`Edit note “${note.title}”`}>
          {/* Distinct labels, so "Title"/"Body" keep naming only the add form. */}
          <NoteFields
            draft={draft}
            onChange={setDraft}
            errors={update.error ? fieldErrors(update.error) : {}}
            labels={{ title: 'Edit title', body: 'Edit body' }}
          />
          {update.isError && (
            <p role="alert" className="error">
              {describeError(update.error)}
            </p>
          )}
          <div className="actions">
            <button type="submit" disabled={update.isPending}>
              {update.isPending ? 'Saving…' : 'Save'}
            </button>
            <button type="button" className="secondary" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      </li>
    );
  }

  return (
    <li className="card note">
      <h3>{note.title}</h3>
      {note.body && <p className="note-body">{note.body}</p>}
      <p className="meta muted">
        {note.updatedAt > note.createdAt ? 'Edited' : 'Created'} {dateFormat.format(note.updatedAt)}
      </p>
      {remove.isError && (
        <p role="alert" className="error">
          {describeError(remove.error)}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => setDraft({ title: note.title, body: note.body })}
          aria-label={`Edit note “${note.title}”`}
        >
          Edit
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => remove.mutate({ id: note.id })}
          disabled={remove.isPending}
          aria-label={`Delete note “${note.title}”`}
        >
          {remove.isPending ? 'Deleting…' : 'Delete'}
        </button>
      </div>
    </li>
  );
}
