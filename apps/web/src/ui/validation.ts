/**
 * The form checks, mirroring the API's input limits (one source: `@gatehouse/db/limits`) on the
 * trimmed value the form then sends, so a person reads one plain sentence under the field instead of
 * zod's wording after a round trip. The API still checks everything.
 */
import { DevAuthError } from '@gatehouse/auth/browser';
import { LIMITS } from '@gatehouse/db/limits';
import { fieldErrors } from '../api/errors';

export interface TextRule {
  /** How the message names the field: "title", "task title". */
  name: string;
  max: number;
  required: boolean;
}

export const RULES = {
  noteTitle: { name: 'title', max: LIMITS.titleMax, required: true },
  noteBody: { name: 'body', max: LIMITS.noteBodyMax, required: false },
  taskTitle: { name: 'task title', max: LIMITS.titleMax, required: true },
} satisfies Record<string, TextRule>;

/** Names of the local directory (people, organizations), as its accounts routes limit them. */
const NAME_MAX = 64;

/** The local account forms' fields, by the names the directory's API gives them. */
export const ACCOUNT_RULES = {
  firstName: { name: 'first name', max: NAME_MAX, required: true },
  lastName: { name: 'last name', max: NAME_MAX, required: false },
  emailAddress: { name: 'email address', max: 254, required: true },
  name: { name: 'organization name', max: NAME_MAX, required: true },
} satisfies Record<string, TextRule>;

const count = (n: number) => n.toLocaleString('en');

/** What is wrong with `value` once trimmed, or null. */
export function checkText(value: string, rule: TextRule): string | null {
  const trimmed = value.trim();
  if (rule.required && trimmed === '') return `Enter a ${rule.name}.`;
  if (trimmed.length > rule.max) {
    return `The ${rule.name} is ${count(trimmed.length)} characters long; the limit is ${count(rule.max)}.`;
  }
  return null;
}

/**
 * Per-field messages for a 400 of the API's input validation, in the same words as `checkText` when
 * it agrees, else a plain refusal (e.g. the API's limit changed before this page was reloaded).
 */
export function apiFieldMessages<Field extends string>(
  error: unknown,
  values: Record<Field, string>,
  rules: Record<Field, TextRule>,
): Partial<Record<Field, string>> {
  const messages: Partial<Record<Field, string>> = {};
  const refused = fieldErrors(error);
  for (const field of Object.keys(rules) as Field[]) {
    if (!refused[field]?.length) continue;
    messages[field] =
      checkText(values[field], rules[field]) ?? `The API did not accept this ${rules[field].name}.`;
  }
  return messages;
}

/** The first problem of the account form `values`, in `checkText`'s words, or null. */
export function checkAccountFields(
  values: Partial<Record<keyof typeof ACCOUNT_RULES, string>>,
): string | null {
  for (const [field, value] of Object.entries(values)) {
    const problem = checkText(value ?? '', ACCOUNT_RULES[field as keyof typeof ACCOUNT_RULES]);
    if (problem) return problem;
  }
  return null;
}

/**
 * An account form's failure in plain words. The directory's input check answers 400 in zod's words
 * ("firstName: Too small: expected string to have >=1 characters"): name the fields to check instead.
 */
export function accountErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof DevAuthError && error.status === 400)) return message;
  const named = [...message.matchAll(/(?:^|; )(\w+):/g)].map(
    ([, field]) => ACCOUNT_RULES[field as keyof typeof ACCOUNT_RULES]?.name,
  );
  const fields = [...new Set(named.filter(Boolean))];
  return fields.length > 0
    ? `Check the ${fields.join(' and ')}: the API did not accept it.`
    : 'The API did not accept these details. Check each field.';
}
