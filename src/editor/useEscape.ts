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
