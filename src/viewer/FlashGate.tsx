/**
 * A dreamscape whose author turned the flash limiter off opens behind this question, before a single frame
 * is drawn. The safe choice is the default (focused, first): watch it with the limiter on.
 */
import { useEffect, useId, useRef } from 'react'
import { pageBase } from '../routes'

export interface FlashGateProps {
  title: string
  onLimited(): void
  onAsMade(): void
}

export function FlashGate({ title, onLimited, onAsMade }: FlashGateProps) {
  const heading = useId()
  const body = useId()
  const safe = useRef<HTMLButtonElement>(null)
  useEffect(() => safe.current?.focus(), [])
  return (
    <main className="dv-message dv-message-warning" data-testid="flash-gate">
      <div className="dv-sky" aria-hidden="true" />
      <section className="dv-message-card" role="alertdialog" aria-modal="true" aria-labelledby={heading} aria-describedby={body}>
        <p className="dv-kicker">Photosensitivity warning</p>
        <h1 id={heading}>“{title}” contains intense flashing</h1>
        <div id={body}>
          <p className="dv-detail">
            Its author turned off Dreamscape's flash limiter. Rapid flashes of light can trigger seizures in people with
            photosensitive epilepsy and discomfort in many others.
          </p>
          <p className="dv-hint">With the limiter on you see the same dreamscape, with its flashes held below the WCAG 2.3.1 limits.</p>
        </div>
        <div className="dv-actions">
          <button ref={safe} type="button" className="dv-button dv-primary" onClick={onLimited}>
            Watch with the flash limiter
          </button>
          <button type="button" className="dv-button" onClick={onAsMade}>
            Show it as made
          </button>
          <a className="dv-muted dv-link" href={pageBase()}>
            Go to the editor instead
          </a>
        </div>
      </section>
    </main>
  )
}
