type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface SavedChoice {
  userId: string;
  orgId: string | null;
}

export const STORAGE_KEY = 'gatehouse.local-session';

/** The stored choice, or null for none (signed out) or anything unreadable. */
export function parseChoice(raw: string | null): SavedChoice | null {
  try {
    const parsed: unknown = JSON.parse(raw ?? 'null');
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { userId, orgId } = parsed as Record<string, unknown>;
    if (typeof userId !== 'string') return null;
    return { userId, orgId: typeof orgId === 'string' ? orgId : null };
  } catch {
    return null;
  }
}

/**
 * Which persona and org the local session uses, kept across reloads (like Clerk's session cookie).
 * Only that choice is stored — never a token: tokens are minted again at load.
 */
export class SavedSession {
  constructor(private readonly storage: StorageLike | null) {}

  read(): SavedChoice | null {
    try {
      return parseChoice(this.storage?.getItem(STORAGE_KEY) ?? null);
    } catch {
      return null; // unreadable storage (private mode): start signed out
    }
  }

  save(choice: SavedChoice): void {
    this.storage?.setItem(STORAGE_KEY, JSON.stringify(choice));
  }

  clear(): void {
    this.storage?.removeItem(STORAGE_KEY);
  }
}

export type { StorageLike };
