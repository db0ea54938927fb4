import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { actionError } from '../api/errors';
import type { Note } from '../api/trpc';
import { useClearWhenReachable } from '../api/use-connection';
import { DeleteButton } from '../ui/DeleteButton';
import { NoteFields } from './NoteFields';
import { useNoteDrafts } from './use-note-draft';
import { useNoteForm } from './use-note-form';
import { useNoteMutations } from './use-notes';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A note, its editor (Escape cancels; focus returns to Edit) and its delete (asked first). */
export function NoteItem({ note, onDeleted }: { note: Note; onDeleted: (title: string) => void }) {
  const { update, remove } = useNoteMutations();
  const drafts = useNoteDrafts();
  const draftKey = `edit:${note.id}` as const;
  // An editor left open (organization switch, reload) opens again with its text: its draft is kept.
  const [editing, setEditing] = useState(() => drafts.read(draftKey) !== null);
  const editButton = useRef<HTMLButtonElement>(null);
  const refocusEdit = useRef(false);
  useClearWhenReachable(remove.error, remove.reset);
  useEffect(() => {
    if (editing || !refocusEdit.current) return;
    refocusEdit.current = false;
    editButton.current?.focus(); // the editor is gone: back where the person started
  }, [editing]);

  const open = () => {
    drafts.save(draftKey, { title: note.title, body: note.body });
    setEditing(true);
  };
  const close = () => {
    drafts.save(draftKey, null);
    refocusEdit.current = true;
    setEditing(false);
    update.reset();
  };

  if (editing) return <NoteEditor note={note} update={update} onClose={close} />;

  const deleteFailure = actionError(remove.error);
  return (
    <li className="card note">
      <h3>{note.title}</h3>
      {note.body && <p className="note-body">{note.body}</p>}
      <p className="meta muted">
        {note.updatedAt > note.createdAt ? 'Edited' : 'Created'} {dateFormat.format(note.updatedAt)}
      </p>
      {deleteFailure && (
        <p role="alert" className="error">
          Could not delete the note. {deleteFailure}
        </p>
      )}
      <div className="actions">
        <button
          ref={editButton}
          type="button"
          className="secondary"
          onClick={open}
          aria-label={`Edit note “${note.title}”`}
        >
          Edit
        </button>
        <DeleteButton
          what={`note “${note.title}”`}
          disabled={remove.isPending}
          onDelete={() => remove.mutate({ id: note.id }, { onSuccess: () => onDeleted(note.title) })}
        />
      </div>
    </li>
  );
}

function NoteEditor({
  note,
  update,
  onClose,
}: {
  note: Note;
  update: ReturnType<typeof useNoteMutations>['update'];
  onClose: () => void;
}) {
  const form = useNoteForm(`edit:${note.id}`, { title: note.title, body: note.body }, (draft) =>
    update.mutateAsync({ id: note.id, ...draft }),
  );
  useClearWhenReachable(update.error, update.reset);
  const failure = actionError(update.error);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  };
  return (
    <li className="card note">
      <form
        className="stacked-form"
        noValidate
        onSubmit={(event) => form.submit(event, onClose)}
        onKeyDown={onKeyDown}
        aria-label={`Edit note “${note.title}”`}
      >
        {/* Distinct labels, so "Title"/"Body" keep naming only the add form. */}
        <NoteFields
          draft={form.draft}
          onChange={form.setDraft}
          errors={form.errors}
          onErrorsChange={form.setErrors}
          labels={{ title: 'Edit title', body: 'Edit body' }}
          autoFocus
        />
        {failure && (
          <p role="alert" className="error">
            Could not save the note. {failure}
          </p>
        )}
        <div className="actions">
          <button type="submit" aria-disabled={update.isPending}>
            {update.isPending ? 'Saving…' : 'Save'}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </li>
  );
}
