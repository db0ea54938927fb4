import { type AccessDeniedReason, isAccessDeniedReason } from '@gatehouse/auth';
import { isIdentityChanged, readApiFailure } from '@gatehouse/auth/browser';

interface FlattenedZodError {
  formErrors?: string[];
  fieldErrors?: Record<string, string[]>;
}

function zodErrorOf(error: unknown): FlattenedZodError {
  return (error as { data?: { zodError?: FlattenedZodError | null } } | null)?.data?.zodError ?? {};
}

/** Field errors of a 400 from the API's zod validation (`error.data.zodError`), if any. */
export function fieldErrors(error: unknown): Record<string, string[]> {
  return zodErrorOf(error).fieldErrors ?? {};
}

/** What is missing for a 403, with the API's message (which names the role, permission or claim). */
function describeAccessDenied(reason: AccessDeniedReason, message: string): string {
  switch (reason) {
    case 'no-active-organization':
      return 'This needs an active organization: choose one in the Organization menu.';
    case 'missing-role':
      return `Only organization admins can do this (${message}).`;
    case 'missing-permission':
      return `Your role in this organization lacks the permission for this (${message}).`;
    case 'missing-claim':
      return `Your plan does not include this (${message}).`;
    case 'missing-feature':
    case 'missing-plan':
      return `Your plan does not include this: upgrade to use it (${message}).`;
    case 'missing-scope':
      return `The API key lacks a scope for this (${message}).`;
    case 'outside-caller-scope':
      return 'That belongs to another user or organization.';
  }
}

/** An action was dropped, never sent: the session's user or organization is no longer its own. */
export const IDENTITY_CHANGED =
  'It was not sent: you switched organization or account after starting it. Do it again if you still want it.';

/** One sentence a person can act on; 403s say what is missing (organization, role, plan). */
export function describeError(error: unknown): string {
  if (isIdentityChanged(error)) return IDENTITY_CHANGED;
  const failure = readApiFailure(error);
  if (isAccessDeniedReason(failure.reason)) return describeAccessDenied(failure.reason, failure.message);
  switch (failure.status) {
    case null:
      return 'Cannot reach the API. Check your connection, or that the API is running.';
    case 400: {
      const zod = zodErrorOf(error);
      const first = [...Object.values(zod.fieldErrors ?? {}).flat(), ...(zod.formErrors ?? [])][0];
      // A zod message is JSON when not flattened: never show that raw.
      return (
        first ??
        (failure.message.startsWith('[') ? 'The API refused the request as invalid.' : failure.message)
      );
    }
    case 401:
      return 'Your session is no longer accepted. Sign in again.';
    case 403:
      return `You are not allowed to do this (${failure.message}).`;
    case 404:
      return 'It no longer exists: it may have been deleted elsewhere.';
    case 429:
      return 'Too many requests. Wait a moment, then try again.';
    default:
      return failure.status >= 500
        ? 'The API failed to answer. Try again in a moment.'
        : `The request failed (${failure.status}): ${failure.message}`;
  }
}

/**
 * Retry only what may succeed later: network errors and 5xx, twice. Never a 4xx (a local sign-in
 * service refusal included), nor what was not sent because the identity changed: it never will be.
 */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  const { status } = readApiFailure(error);
  return failureCount < 2 && !isIdentityChanged(error) && (status === null || status >= 500);
}

/** How many times a mutation is retried: with the delays below, about 20 s of outage. */
const MUTATION_RETRIES = 7;

/**
 * Retry a mutation only when the API could not have done it or says to come back: no answer (network
 * error, API restarting) or 503 (database away, shutting down). Safe because every mutation carries its
 * action's idempotency key (./idempotency): a retry of one that did apply is answered from its record.
 * Each attempt goes out only under the identity the action was started under (ApiProvider).
 */
export function shouldRetryMutation(failureCount: number, error: unknown): boolean {
  const { status } = readApiFailure(error);
  return failureCount < MUTATION_RETRIES && !isIdentityChanged(error) && (status === null || status === 503);
}

/** 0.5 s, 1 s, 2 s, then every 4 s, each ±20 % so that many tabs do not retry in step. */
export function mutationRetryDelay(failureCount: number): number {
  const base = Math.min(500 * 2 ** failureCount, 4_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/**
 * The message for a failed action, or null when there is none to show apart: a refusal of some fields
 * is shown under those fields (ui/validation.ts), never a second time.
 */
export function actionError(error: unknown): string | null {
  if (!error) return null;
  return Object.keys(fieldErrors(error)).length > 0 ? null : describeError(error);
}
