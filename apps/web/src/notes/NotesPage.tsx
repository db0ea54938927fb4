import { useAuth } from '@clerk/react';
import { useEffect, useState } from 'react';
import { allItems } from '../api/paged-cache';
import { ErrorNotice } from '../ui/ErrorNotice';
import { LoadMoreButton } from '../ui/LoadMoreButton';
import { PageLoading } from '../ui/PageLoading';
import { usePageTitle } from '../ui/usePageTitle';
import { AddNoteForm } from './AddNoteForm';
import { NoteItem } from './NoteItem';
import { forgetOtherUsersDrafts } from './use-note-draft';
import { useNoteList } from './use-notes';

/** Personal notes: only yours, whichever organization is active. */
export function NotesPage() {
  usePageTitle('Notes');
  const { userId } = useAuth();
  useEffect(() => forgetOtherUsersDrafts(userId), [userId]);
  const list = useNoteList();
  const notes = allItems(list.data);
  const [deleted, setDeleted] = useState('');
  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        Notes
      </h1>
      <AddNoteForm />
      <h2 id="your-notes-heading" tabIndex={-1}>
        Your notes
      </h2>
      {list.isPending && <PageLoading label="Loading notes…" />}
      {/* With notes shown, a failed refresh is the footer's "unreachable", not a second message. */}
      {list.isError && !list.data && (
        <ErrorNotice
          what="Notes could not be loaded"
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      )}
      {list.isSuccess && notes.length === 0 && (
        <p className="empty">No notes yet. Write the first one above.</p>
      )}
      {notes.length > 0 && (
        <ul className="note-list" aria-labelledby="your-notes-heading">
          {notes.map((note) => (
            <NoteItem
              key={note.id}
              note={note}
              onDeleted={(title) => {
                setDeleted(`Note “${title}” deleted.`);
                document.getElementById('your-notes-heading')?.focus();
              }}
            />
          ))}
        </ul>
      )}
      <LoadMoreButton list={list} what="notes" />
      <p role="status" className="visually-hidden">
        {deleted}
      </p>
    </section>
  );
}
