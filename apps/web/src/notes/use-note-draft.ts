/**
 * Unsaved note text, kept in this tab's sessionStorage under the signed-in user. An organization switch
 * remounts the whole screen on a fresh cache (IdentityBoundary), and notes are the same in every
 * organization, so without this the text being typed would be lost; a reload keeps it too. The key
 * holds the user id: someone else signing in on this tab never sees it.
 */
import { useAuth } from '@clerk/react';
import { useMemo } from 'react';
import type { NoteDraft } from './NoteFields';

const PREFIX = 'gatehouse.note-drafts:';

/** `new` is the add form; `edit:<id>` is an open editor (open while its draft is kept). */
export type DraftKey = 'new' | `edit:${string}`;
type Drafts = Partial<Record<DraftKey, NoteDraft>>;

const isDraft = (value: unknown): value is NoteDraft =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as NoteDraft).title === 'string' &&
  typeof (value as NoteDraft).body === 'string';

const isBlank = (draft: NoteDraft) => !draft.title.trim() && !draft.body.trim();

// Storage may be disabled or full, or hold something else under our name: a draft is a convenience,
// never a reason for the page to fail.
function load(userId: string): Drafts {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(PREFIX + userId) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, draft]) => isDraft(draft)));
  } catch {
    return {};
  }
}

function store(userId: string, drafts: Drafts) {
  try {
    if (Object.keys(drafts).length === 0) sessionStorage.removeItem(PREFIX + userId);
    else sessionStorage.setItem(PREFIX + userId, JSON.stringify(drafts));
  } catch {
    // See load(): without storage the draft lives only as long as the form.
  }
}

/** The signed-in user's drafts; with nobody signed in, nothing is read or kept. */
export function useNoteDrafts() {
  const { userId } = useAuth();
  return useMemo(
    () => ({
      read: (key: DraftKey): NoteDraft | null => (userId ? (load(userId)[key] ?? null) : null),
      /** `null` or a blank draft forgets it: saved, cancelled or emptied. */
      save: (key: DraftKey, draft: NoteDraft | null) => {
        if (!userId) return;
        const drafts = load(userId);
        if (draft && !isBlank(draft)) drafts[key] = { title: draft.title, body: draft.body };
        else delete drafts[key];
        store(userId, drafts);
      },
    }),
    [userId],
  );
}

/**
 * Forgets the drafts of anyone but `userId`. Sign-out happens outside the notes (the header), so a
 * previous user's drafts go when the next one opens the notes in this tab.
 */
export function forgetOtherUsersDrafts(userId: string | null | undefined) {
  if (!userId) return;
  try {
    for (let index = sessionStorage.length - 1; index >= 0; index--) {
      const name = sessionStorage.key(index);
      if (name?.startsWith(PREFIX) && name !== PREFIX + userId) sessionStorage.removeItem(name);
    }
  } catch {
    // See load().
  }
}
