import { LIMITS, STORABLE_TEXT } from '@gatehouse/db/limits';
import { z } from 'zod';

/** A string input the database can store (no NUL): bad input is a 400, never a failed statement. */
export function storable<T extends z.ZodString>(schema: T): T {
  return schema.refine(STORABLE_TEXT.test, STORABLE_TEXT.message) as T;
}

/** A note's, a task's or a generated item's title: trimmed, not empty, storable. */
export const titleInput = storable(z.string().trim().min(1).max(LIMITS.titleMax));
