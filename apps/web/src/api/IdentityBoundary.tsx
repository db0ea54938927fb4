/**
 * Everything below remounts when the signed-in identity (user, organization) changes, so no component
 * outlives the query cache it was created with. TanStack binds a query observer to the client it was
 * first rendered with: a component that stayed mounted across a switch kept watching the retired
 * cache, which ApiProvider cancels and clears, so its query stayed pending for good (the sign-in
 * screen's "Loading personas…" hang under StrictMode, whose extra render let it mount before the
 * switch from "loading" to "signed out").
 *
 * A remount would drop keyboard focus to <body>; it is put back on the control that had it when that
 * control exists again (same id, e.g. the organization switcher), otherwise on the page's heading.
 */
import { Fragment, type ReactNode, type RefObject, useLayoutEffect, useRef } from 'react';

type Focused = { id: string } | null;

export function IdentityBoundary({ identity, children }: { identity: string; children: ReactNode }) {
  const lost = useRef<Focused>(null);
  useLayoutEffect(() => {
    const focused = lost.current;
    lost.current = null;
    if (!focused || document.activeElement !== document.body) return;
    const target =
      (focused.id ? document.getElementById(focused.id) : null) ??
      document.querySelector<HTMLElement>('main h1');
    target?.focus();
  }, [identity]);
  return (
    <Fragment key={identity}>
      <FocusWatch lost={lost} />
      {children}
    </Fragment>
  );
}

/**
 * Its layout cleanup runs when the subtree is removed, before React takes the old elements out of the
 * document: the last moment the focused element is known.
 */
function FocusWatch({ lost }: { lost: RefObject<Focused> }) {
  useLayoutEffect(
    () => () => {
      const active = document.activeElement;
      lost.current = active instanceof HTMLElement && active !== document.body ? { id: active.id } : null;
    },
    [lost],
  );
  return null;
}
