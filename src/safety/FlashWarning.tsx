/**
 * The photosensitivity warning the viewer shows before playing a dreamscape whose artist allowed intense
 * flashing (scene.allowIntenseFlashing). Nothing plays until the viewer chooses. "Play safely" is the default
 * (focused, and what Escape picks): it keeps the flash limiter on. Plain DOM and inline styles: no leva, no CSS.
 */
import { useEffect, useId, useRef, type CSSProperties } from 'react'

export interface FlashWarningProps {
  /** The dreamscape's title, to say which dream is asking. */
  title?: string
  /** The viewer accepted the risk: play as the artist made it (limiter off). */
  onPlayAnyway: () => void
  /** Play with the flash limiter on (flashes slowed below the WCAG 2.3.1 thresholds). */
  onPlaySafely: () => void
}

const styles = {
  backdrop: {
    position: 'fixed',
    inset: 0,
    display: 'grid',
    placeItems: 'center',
    padding: '1.5rem',
    background: 'rgba(4, 5, 18, 0.92)',
    zIndex: 1000,
    fontFamily: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  },
  panel: {
    maxWidth: '34rem',
    width: '100%',
    padding: '1.75rem 1.75rem 1.5rem',
    borderRadius: '14px',
    background: '#12122a',
    color: '#ece9ff',
    border: '1px solid #3a3566',
    boxShadow: '0 20px 60px rgba(0, 0, 0, 0.6)',
    lineHeight: 1.5,
  },
  heading: { margin: '0 0 0.75rem', fontSize: '1.35rem', color: '#fff' },
  text: { margin: '0 0 0.75rem', fontSize: '1rem' },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: '0.75rem', marginTop: '1.25rem' },
  safe: {
    flex: '1 1 12rem',
    padding: '0.8rem 1rem',
    fontSize: '1rem',
    fontWeight: 600,
    borderRadius: '10px',
    border: '2px solid #9d8cff',
    background: '#9d8cff',
    color: '#0c0a1f',
    cursor: 'pointer',
  },
  anyway: {
    flex: '1 1 12rem',
    padding: '0.8rem 1rem',
    fontSize: '1rem',
    borderRadius: '10px',
    border: '2px solid #5b5590',
    background: 'transparent',
    color: '#ece9ff',
    cursor: 'pointer',
  },
} satisfies Record<string, CSSProperties>

export function FlashWarning({ title, onPlayAnyway, onPlaySafely }: FlashWarningProps) {
  const headingId = useId()
  const textId = useId()
  const safeButton = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    safeButton.current?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onPlaySafely()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onPlaySafely])

  return (
    <div style={styles.backdrop}>
      <div role="alertdialog" aria-modal="true" aria-labelledby={headingId} aria-describedby={textId} style={styles.panel}>
        <h2 id={headingId} style={styles.heading}>
          Photosensitivity warning
        </h2>
        <div id={textId}>
          <p style={styles.text}>
            {title ? <>“{title}” contains</> : <>This dreamscape contains</>} rapidly flashing lights and strobing
            glitch effects that its artist chose to leave unlimited.
          </p>
          <p style={styles.text}>
            Flashing like this can trigger seizures in people with photosensitive epilepsy, and discomfort in
            others, even in people who have never had a seizure. If you or anyone watching is sensitive to flashing
            light, choose <strong>Play safely</strong>.
          </p>
          <p style={styles.text}>
            Play safely keeps our flash limiter on: the dream plays, with flashes slowed below the WCAG 2.3.1 limits
            (no more than three a second).
          </p>
        </div>
        <div style={styles.buttons}>
          <button ref={safeButton} type="button" style={styles.safe} onClick={onPlaySafely}>
            Play safely
          </button>
          <button type="button" style={styles.anyway} onClick={onPlayAnyway}>
            Play anyway (flashing)
          </button>
        </div>
      </div>
    </div>
  )
}
