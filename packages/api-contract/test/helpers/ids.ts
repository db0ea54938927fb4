/** A well-formed id that names no row. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
