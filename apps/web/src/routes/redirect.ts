const DEFAULT_AFTER_SIGN_IN = '/notes';
const ENTRY_PATHS = ['/sign-in', '/sign-up'];

/**
 * Only a path of this site, and never back to sign-in/sign-up. The target is resolved as the browser
 * will resolve it: the URL parser drops tabs and newlines and reads `\` as `/`, so `/<tab>/evil` is
 * `//evil`, another host, and `history.replaceState` throws on it. A path that still starts with `//`
 * after resolving (`/.//evil`) would be read as another host by the next navigation: refused too.
 */
export function safeRedirect(target: string | null, origin: string = window.location.origin): string {
  if (!target) return DEFAULT_AFTER_SIGN_IN;
  let url: URL;
  try {
    url = new URL(target, origin);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  if (url.origin !== origin || url.pathname.startsWith('//')) return DEFAULT_AFTER_SIGN_IN;
  const toEntry = ENTRY_PATHS.some((path) => url.pathname === path || url.pathname.startsWith(`${path}/`));
  return toEntry ? DEFAULT_AFTER_SIGN_IN : `${url.pathname}${url.search}${url.hash}`;
}
