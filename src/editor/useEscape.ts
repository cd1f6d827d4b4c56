import { useEffect, useRef } from 'react'

/**
 * Escape closes what is open (the gallery, a dialog, a panel): while `active`, the Escape key calls `close`.
 * The latest `close` is read through a ref, so the listener is attached once per opening, not per render.
 */
export function useEscape(active: boolean, close: () => void): void {
  const latest = useRef(close)
  latest.current = close
  useEffect(() => {
    if (!active) return
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return
      event.preventDefault()
      latest.current()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [active])
}

const FOCUSABLE = 'button:not(:disabled), [href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])'

/** Keeps Tab and Shift+Tab inside a modal dialog: from its last control to its first, and back. */
export function trapTab(event: { key: string; shiftKey: boolean; preventDefault(): void }, dialog: HTMLElement | null): void {
  if (event.key !== 'Tab' || !dialog) return
  const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.getClientRects().length > 0)
  const first = focusable[0]
  const last = focusable[focusable.length - 1]
  if (!first || !last) return
  const active = document.activeElement
  if (event.shiftKey && (active === first || !dialog.contains(active))) {
    event.preventDefault()
    last.focus()
  } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
    event.preventDefault()
    first.focus()
  }
}
