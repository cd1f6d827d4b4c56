/**
 * Sharing: the link is always shown, selected and ready to copy by hand, with a Copy button and a QR code for
 * phones. "Copied" is said only after the clipboard accepted the text: on a plain-http address there is no
 * clipboard, and a browser may refuse permission; then the dialog says how to copy the link by hand.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { trapTab, useEscape } from './useEscape'
import { DEFAULT_META } from '../core/document'

/** Discord's limit for one message: a link longer than this does not fit a chat message. */
export const CHAT_MESSAGE_CHARS = 2000

type CopyState = { kind: 'copying' } | { kind: 'copied' } | { kind: 'manual'; reason: string }

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)
const COPY_KEYS = isMac ? '⌘C' : 'Ctrl+C'

/** Writes to the clipboard; resolves to why not when it could not. */
async function writeClipboard(text: string): Promise<string | null> {
  const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined
  if (!clipboard?.writeText) return 'This page has no clipboard access (it is not served over https).'
  try {
    await clipboard.writeText(text)
    return null
  } catch (error) {
    const name = error instanceof DOMException ? error.name : ''
    return name === 'NotAllowedError' ? 'The browser did not allow copying.' : 'The clipboard did not accept the link.'
  }
}

/** The link as a QR code: one SVG path of dark modules (uqr is loaded only when the dialog opens). */
function QrCode({ text }: { text: string }) {
  const [code, setCode] = useState<{ size: number; path: string } | { error: string } | null>(null)
  useEffect(() => {
    let live = true
    import('uqr')
      .then(({ encode }) => {
        const { data, size } = encode(text, { ecc: 'L', border: 0 })
        let path = ''
        data.forEach((row, y) => row.forEach((dark, x) => void (dark && (path += `M${x} ${y}h1v1h-1z`))))
        if (live) setCode({ size, path })
      })
      .catch(() => live && setCode({ error: 'This link is too long for a QR code; send it as text.' }))
    return () => void (live = false)
  }, [text])
  if (!code) return <div className="ds-qr ds-qr-pending" aria-hidden="true" />
  if ('error' in code) return <p className="ds-qr ds-muted">{code.error}</p>
  const quiet = 2
  return (
    <svg
      className="ds-qr"
      role="img"
      aria-label="QR code of the share link: point a phone's camera at it"
      viewBox={`${-quiet} ${-quiet} ${code.size + quiet * 2} ${code.size + quiet * 2}`}
      shapeRendering="crispEdges"
    >
      <rect x={-quiet} y={-quiet} width={code.size + quiet * 2} height={code.size + quiet * 2} fill="#fff" />
      <path d={code.path} fill="#0d0b1f" />
    </svg>
  )
}

export function ShareDialog({ url, title, onClose }: { url: string; title: string; onClose: () => void }) {
  const [copy, setCopy] = useState<CopyState>({ kind: 'copying' })
  const field = useRef<HTMLInputElement>(null)
  const dialog = useRef<HTMLElement>(null)
  const headingId = useId()
  useEscape(true, onClose)

  const selectLink = useCallback(() => {
    const input = field.current
    if (!input) return
    input.focus()
    input.setSelectionRange(0, input.value.length)
  }, [])

  const copyLink = useCallback(async () => {
    setCopy({ kind: 'copying' })
    const failure = await writeClipboard(url)
    setCopy(failure === null ? { kind: 'copied' } : { kind: 'manual', reason: failure })
    // whatever happened, the link stays selected: one key press copies it by hand
    selectLink()
  }, [url, selectLink])

  // Opening the dialog copies at once (still within the click's user activation) and selects the link.
  useEffect(() => {
    selectLink()
    void copyLink()
  }, [copyLink, selectLink])

  // Focus returns to whatever opened the dialog (read while rendering, before the link field takes focus).
  const opener = useRef(typeof document !== 'undefined' ? (document.activeElement as HTMLElement | null) : null)
  useEffect(() => () => opener.current?.focus?.(), [])

  const long = url.length > CHAT_MESSAGE_CHARS
  return (
    <div className="ds-modal" onClick={onClose}>
      <section
        className="ds-dialog ds-share"
        role="dialog"
        aria-modal="true"
        aria-label="Share this dreamscape"
        aria-describedby={headingId}
        ref={dialog}
        onClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => trapTab(event, dialog.current)}
      >
        <header>
          <h2 id={headingId}>Share “{title || DEFAULT_META.title}”</h2>
          <button className="ds-icon" data-close onClick={onClose} aria-label="Close" title="Close (Esc)">
            ✕
          </button>
        </header>
        <div className="ds-share-body">
          <div className="ds-share-link">
            <label htmlFor={`${headingId}-link`}>Link: anyone who opens it sees this dreamscape full-screen</label>
            <div className="ds-share-row">
              <input ref={field} id={`${headingId}-link`} type="text" readOnly value={url} onFocus={(event) => event.currentTarget.select()} spellCheck={false} />
              <button className="ds-primary" onClick={() => void copyLink()}>
                Copy
              </button>
            </div>
            <p role="status" aria-live="polite" className={`ds-share-status is-${copy.kind}`}>
              {copy.kind === 'copied' && '✓ Link copied to the clipboard.'}
              {copy.kind === 'manual' && `${copy.reason} The link is selected: press ${COPY_KEYS} to copy it by hand.`}
            </p>
            <p className="ds-muted ds-share-size">
              {url.length.toLocaleString('en')} characters
              {long ? ` · longer than a chat message allows (${CHAT_MESSAGE_CHARS.toLocaleString('en')}); fewer layers make it shorter.` : ' · fits in a chat message.'}
            </p>
            <a className="ds-link" href={url} target="_blank" rel="noopener">
              Open it in the viewer ↗
            </a>
          </div>
          <figure className="ds-share-qr">
            <QrCode text={url} />
            <figcaption className="ds-muted">On a phone: scan to open.</figcaption>
          </figure>
        </div>
      </section>
    </div>
  )
}
