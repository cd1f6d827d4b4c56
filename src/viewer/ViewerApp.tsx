/**
 * The viewer: one shared dreamscape, full-screen, with a small overlay (title, author, pause, fullscreen,
 * remix) that fades away when the pointer rests, so the dream is all there is.
 */
import type { RootState } from '@react-three/fiber'
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import { createStore } from 'zustand/vanilla'
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import { pageBase } from '../routes'
import { DreamClock } from '../scene/clock'
import { DreamCanvas } from '../scene/DreamCanvas'
import { calmDocument } from './motion'
import { CanvasBoundary } from './ViewerMessage'

/** The overlay fades after this long without pointer or keyboard activity. */
export const OVERLAY_IDLE_MS = 3000

export interface ViewerAppProps {
  document: DreamDocument
  registry: LayerRegistry
  /** The link payload as received: the remix link carries it unchanged, so the editor opens exactly this. */
  payload: string
  reducedMotion: boolean
  preserveDrawingBuffer?: boolean
  onCreated?: (state: RootState) => void
}

export const remixUrl = (payload: string) => `${pageBase()}#remix=${payload}`

/** True for `idleMs` after the last activity inside `element`, and while the pointer or focus rests in the overlay. */
function useAwake(element: RefObject<HTMLElement | null>, overlay: RefObject<HTMLElement | null>, idleMs: number) {
  const [awake, setAwake] = useState(true)
  useEffect(() => {
    const target = element.current
    if (!target) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const holding = () => {
      const card = overlay.current
      return !!card && (card.matches(':hover') || card.contains(window.document.activeElement))
    }
    const sleepLater = () => {
      clearTimeout(timer)
      timer = setTimeout(function check() {
        if (holding()) timer = setTimeout(check, idleMs)
        else setAwake(false)
      }, idleMs)
    }
    const wake = () => {
      setAwake(true)
      sleepLater()
    }
    const events = ['pointermove', 'pointerdown', 'keydown', 'focusin', 'wheel'] as const
    for (const name of events) target.addEventListener(name, wake, { passive: true })
    sleepLater()
    return () => {
      clearTimeout(timer)
      for (const name of events) target.removeEventListener(name, wake)
    }
  }, [element, overlay, idleMs])
  return awake
}

function useFullscreen(element: RefObject<HTMLElement | null>) {
  const [active, setActive] = useState(false)
  useEffect(() => {
    const update = () => setActive(!!window.document.fullscreenElement)
    window.document.addEventListener('fullscreenchange', update)
    return () => window.document.removeEventListener('fullscreenchange', update)
  }, [])
  const toggle = useCallback(() => {
    if (window.document.fullscreenElement) void window.document.exitFullscreen()
    else void element.current?.requestFullscreen?.().catch(() => {})
  }, [element])
  return { supported: !!window.document.fullscreenEnabled, active, toggle }
}

export function ViewerApp({ document: source, registry, payload, reducedMotion, preserveDrawingBuffer, onCreated }: ViewerAppProps) {
  const shown = useMemo(() => (reducedMotion ? calmDocument(source) : source), [source, reducedMotion])
  const store = useMemo(() => createStore(() => ({ document: shown })), [shown])
  const clock = useMemo(() => new DreamClock(), [])
  const [paused, setPaused] = useState(false)
  const container = useRef<HTMLDivElement>(null)
  const card = useRef<HTMLDivElement>(null)
  const awake = useAwake(container, card, OVERLAY_IDLE_MS)
  const fullscreen = useFullscreen(container)
  const { title, author, description } = source.meta

  const togglePause = useCallback(() => {
    clock.paused = !clock.paused
    setPaused(clock.paused)
  }, [clock])

  useEffect(() => {
    const previous = window.document.title
    window.document.title = title ? `${title} · Dreamscape` : 'Dreamscape'
    return () => void (window.document.title = previous)
  }, [title])

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return
      // Buttons and links handle their own Space/Enter.
      if ((event.target as Element | null)?.closest?.('button, a, input, textarea')) return
      if (event.key === ' ' || event.key === 'k') {
        event.preventDefault()
        togglePause()
      } else if (event.key === 'f') fullscreen.toggle()
    }
    const element = container.current
    element?.addEventListener('keydown', onKey)
    return () => element?.removeEventListener('keydown', onKey)
  }, [togglePause, fullscreen])

  return (
    <div ref={container} className={`dv-viewer${awake ? '' : ' is-idle'}`} tabIndex={-1} data-testid="dream-viewer">
      <CanvasBoundary>
        <DreamCanvas
          className="dv-canvas"
          store={store}
          registry={registry}
          clock={clock}
          preserveDrawingBuffer={preserveDrawingBuffer}
          onCreated={onCreated}
        />
      </CanvasBoundary>
      <div ref={card} className="dv-overlay" role="region" aria-label="Dreamscape controls">
        <div className="dv-meta">
          <h1 className="dv-title">{title || 'Untitled dream'}</h1>
          {author && <p className="dv-author">by {author}</p>}
          {description && <p className="dv-description">{description}</p>}
          {reducedMotion && <p className="dv-note">Calm motion: your system asks for reduced motion.</p>}
        </div>
        <div className="dv-controls">
          <button type="button" className="dv-button" onClick={togglePause} aria-pressed={paused} aria-label={paused ? 'Play' : 'Pause'}>
            <span aria-hidden="true" className="dv-glyph">{paused ? '▶' : '❚❚'}</span>
            <span>{paused ? 'Play' : 'Pause'}</span>
          </button>
          {fullscreen.supported && (
            <button type="button" className="dv-button" onClick={fullscreen.toggle} aria-pressed={fullscreen.active}>
              <span aria-hidden="true" className="dv-glyph">{fullscreen.active ? '⤡' : '⤢'}</span>
              <span>{fullscreen.active ? 'Exit full screen' : 'Full screen'}</span>
            </button>
          )}
          <a className="dv-button dv-primary" href={remixUrl(payload)} data-testid="remix-link">
            <span aria-hidden="true" className="dv-glyph">✦</span>
            <span>Remix in editor</span>
          </a>
        </div>
      </div>
    </div>
  )
}
