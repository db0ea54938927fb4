/**
 * The size limits of Gatehouse's data, in one module with no imports so that every layer can read it:
 * the schema's CHECK constraints, the API's zod inputs and page sizes, the SPA's form fields (a browser
 * bundle may import this entry, `@gatehouse/db/limits`, and nothing else of this package) and the
 * router generator's template.
 */
export const LIMITS = {
  /** Characters of a note's or a task's title, after trimming. */
  titleMax: 200,
  noteBodyMax: 20_000,
  /** Rows per page of a paged list (`notes.list`, `tasks.list`): the most a caller may ask for… */
  pageMax: 100,
  /** …and what it gets when it does not say. */
  pageDefault: 50,
} as const;

/**
 * Postgres `text` cannot hold U+0000: a statement carrying it fails in the database. Every input that
 * reaches a text column refuses it first, as bad input (400), with this message.
 */
export const STORABLE_TEXT = {
  test: (value: string) => !value.includes('\u0000'),
  message: 'must not contain the NUL character (U+0000)',
} as const;
