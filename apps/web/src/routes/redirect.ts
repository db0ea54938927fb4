const DEFAULT_AFTER_SIGN_IN = '/notes';

/** Only a path of this site: never `//evil.example`, `/\evil`, a scheme, or back to sign-in. */
export function safeRedirect(target: string | null): string {
  if (!target?.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) {
    return DEFAULT_AFTER_SIGN_IN;
  }
  if (target === '/sign-in' || target.startsWith('/sign-in/') || target.startsWith('/sign-in?')) {
    return DEFAULT_AFTER_SIGN_IN;
  }
  return target;
}
