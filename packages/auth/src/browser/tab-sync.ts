/**
 * Keeps every tab of the browser on one session, as Clerk does: when another tab signs out, signs in
 * (as someone else) or switches organization, this tab follows at once. The saved choice in
 * localStorage is the shared state; the browser's `storage` event, which fires in every OTHER tab of
 * the origin when it changes, is the signal. Writing an unchanged value fires nothing, so a tab that
 * follows (and saves the same choice) does not echo.
 */
import { parseChoice, type SavedChoice, STORAGE_KEY } from './saved-session';

/** Calls `follow` with the new choice (null: signed out) each time another tab changes it. */
export function followOtherTabs(storage: Storage, follow: (choice: SavedChoice | null) => void): () => void {
  if (typeof window === 'undefined') return () => {};
  const onStorage = (event: StorageEvent) => {
    // `key` null: the other tab cleared all of localStorage, sign-out included.
    if (event.storageArea !== storage || (event.key !== STORAGE_KEY && event.key !== null)) return;
    follow(parseChoice(event.newValue));
  };
  window.addEventListener('storage', onStorage);
  return () => window.removeEventListener('storage', onStorage);
}
