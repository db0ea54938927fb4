const DEFAULT_AFTER_SIGN_IN = '/notes';
const ENTRY_PATHS = ['/sign-in', '/sign-up'];

/** Only a path of this site: never `//evil.example`, `/\evil`, a scheme, or back to sign-in/sign-up. */
export function safeRedirect(target: string | null): string {
  if (!target?.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
    return DEFAULT_AFTER_SIGN_IN;
  }
  const toEntry = ENTRY_PATHS.some(
    (path) => target === path || target.startsWith(`${path}/`) || target.startsWith(`${path}?`),
  );
  return toEntry ? DEFAULT_AFTER_SIGN_IN : target;
}
