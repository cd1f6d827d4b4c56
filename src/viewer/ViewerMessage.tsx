/**
 * What the viewer shows instead of a dream: a link that cannot be opened, a journey this viewer cannot play,
 * a browser without WebGL. Calm, specific (what is wrong, where), and always with a way on to the editor.
 */
import { Component, type ReactNode } from 'react'
import type { PresetErrorCode } from '../preset/errors'
import { pageBase } from '../routes'

export interface ViewerMessageProps {
  title: string
  /** The sentence that says what is wrong, for people. */
  detail?: string
  /** What the loader said in its own terms (a parser's position...), shown in small print under the sentence. */
  technical?: string
  /** JSON path of the offending value, in small print. */
  path?: string
  /** What the person can do about it. */
  hint?: string
  tone?: 'error' | 'info'
}

export function ViewerMessage({ title, detail, technical, path, hint, tone = 'error' }: ViewerMessageProps) {
  return (
    <main className={`dv-message dv-message-${tone}`} data-testid="viewer-message">
      <div className="dv-sky" aria-hidden="true">
        <span className="dv-moon" />
      </div>
      <section className="dv-message-card" role={tone === 'error' ? 'alert' : 'status'}>
        <p className="dv-kicker">Dreamscape</p>
        <h1>{title}</h1>
        {detail && <p className="dv-detail">{detail}</p>}
        {hint && <p className="dv-hint">{hint}</p>}
        {(technical || path) && (
          <p className="dv-technical">
            <small>
              {technical && <span>{technical}</span>}
              {path && (
                <span className="dv-path">
                  where <code>{path}</code>
                </span>
              )}
            </small>
          </p>
        )}
        <nav className="dv-actions" aria-label="Where to go next">
          <a className="dv-button dv-primary" href={pageBase()}>
            Open the editor
          </a>
          <span className="dv-muted">Celeste's dreamscapes wait in its gallery.</span>
        </nav>
      </section>
    </main>
  )
}

function titleFor(code: PresetErrorCode | undefined, journey: boolean): string {
  const link = journey ? 'journey link' : 'dream link'
  const what = journey ? 'a dream journey' : 'a dreamscape'
  switch (code) {
    case 'too-large':
      return `This link is too large to be ${what}`
    case 'bad-encoding':
    case 'bad-json':
      return `This ${link} is damaged`
    case 'too-deep':
    case 'not-a-preset':
      return `This link does not hold ${what}`
    case 'future-version':
      return `This ${journey ? 'journey' : 'dreamscape'} comes from a newer Dreamscape`
    case 'invalid':
      return `Part of this ${journey ? 'journey' : 'dreamscape'} is out of shape`
    case 'unknown-layer':
      return 'This dreamscape uses a layer this viewer does not know'
    default:
      return `This ${link} cannot be opened`
  }
}

const COPY_HINT = 'Links are sometimes cut short or re-wrapped when they are copied or pasted in a chat. Ask for the link again, or copy it whole.'
const HINTS: Partial<Record<PresetErrorCode, string>> = {
  'bad-encoding': COPY_HINT,
  'bad-json': COPY_HINT,
  'too-large': 'Share links are small by design; a link this long was not made by Dreamscape.',
  'future-version': 'It was made with a newer version of Dreamscape than this one. Open it where it was made, or ask its author for an older link.',
  'unknown-layer': 'It was probably made with a newer Dreamscape that has more layer types.',
}

const KNOWN_CODES = new Set<string>(['too-large', 'bad-encoding', 'bad-json', 'too-deep', 'not-a-preset', 'future-version', 'invalid', 'unknown-layer'])

/**
 * Damaged links get a sentence written for people; the loader's own words (a JSON parser's "position 164")
 * stay available in small print for whoever made the link.
 */
const DAMAGED: Partial<Record<PresetErrorCode, (what: string) => string>> = {
  'bad-json': (what) => `Part of this link was changed or lost after it was made, so the ${what} inside can no longer be read.`,
  'bad-encoding': (what) => `This link is not written the way Dreamscape writes links: part of it was probably lost or changed on the way, so the ${what} inside cannot be read.`,
}

/** The error page for a link the loader refused. */
export function LinkError({ code, message, path, journey = false }: { code: string; message: string; path: string; journey?: boolean }) {
  const known = KNOWN_CODES.has(code) ? (code as PresetErrorCode) : undefined
  const sentence = known && DAMAGED[known]?.(journey ? 'journey' : 'dreamscape')
  return (
    <ViewerMessage
      title={titleFor(known, journey)}
      detail={sentence ?? message}
      technical={sentence ? message : undefined}
      path={path || undefined}
      hint={known && HINTS[known]}
    />
  )
}

/** Shows a calm page instead of a blank screen when the canvas cannot start (no WebGL2, a driver fault). */
export class CanvasBoundary extends Component<{ children: ReactNode }, { failure?: string }> {
  override state: { failure?: string } = {}
  static getDerivedStateFromError(error: unknown) {
    return { failure: error instanceof Error ? error.message : String(error) }
  }
  override render() {
    if (this.state.failure !== undefined)
      return (
        <ViewerMessage
          title="This browser could not start the dream"
          detail={this.state.failure}
          hint="Dreamscape draws with WebGL 2. Try another browser, or turn on hardware acceleration in this one."
        />
      )
    return this.props.children
  }
}
