/**
 * The viewer: one shared dreamscape (or a journey through several), full-screen, with a small overlay (title,
 * author, pause, fullscreen, remix) that fades away when the pointer rests, so the dream is all there is.
 */
import { useFrame, type RootState } from '@react-three/fiber'
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { LayerRegistry } from '../core/defineLayer'
import { DEFAULT_META, type DreamDocument } from '../core/document'
import { journeyAt, journeyPosition, type Journey } from '../core/journey'
import { encodeLink } from '../preset/link'
import { pageBase } from '../routes'
import { DreamClock } from '../scene/clock'
import { DreamCanvas } from '../scene/DreamCanvas'
import { BATTERY_SAVER_FPS, DEFAULT_MAX_FPS } from '../scene/frameScheduler'
import { FlashWarning } from '../safety/FlashWarning'
import { CALM_TIME_SCALE, calmDocument } from './motion'
import { CanvasBoundary } from './ViewerMessage'
import { posterBackground, posterColors } from '../element/poster'
import { useViewerInputs } from './viewerInputs'
import { inputsUsed } from '../modulation/live'

/** Its own chunk: only dreamscapes with audio sources show the sound choice. */
const PlayWithSound = lazy(() => import('../modulation/audio/PlayWithSound').then((m) => ({ default: m.PlayWithSound })))

/** The overlay fades after this long without pointer or keyboard activity. */
export const OVERLAY_IDLE_MS = 3000

export type ViewerContent =
  /** `payload`: the link payload as received; the remix link carries it unchanged, so the editor opens exactly this. */
  | { kind: 'dream'; document: DreamDocument; payload: string }
  | { kind: 'journey'; journey: Journey }

export interface ViewerAppProps {
  content: ViewerContent
  registry: LayerRegistry
  reducedMotion: boolean
  preserveDrawingBuffer?: boolean
  onCreated?: (state: RootState) => void
  /** Battery saver: at most 30 frames per second (default: the stored preference, else off). */
  batterySaver?: boolean
}

/** Where the viewer remembers the battery-saver choice (a setting the viewer's controls may offer). */
export const BATTERY_SAVER_KEY = 'dreamscape:battery-saver'

function storedBatterySaver(): boolean {
  try {
    return localStorage.getItem(BATTERY_SAVER_KEY) === '1'
  } catch {
    return false // storage blocked
  }
}

export const remixUrl = (payload: string) => `${pageBase()}#remix=${payload}`

type FlashChoice = 'ask' | 'limited' | 'as-made'

/** What is drawn: the document, calmer for reduced motion, with the limiter forced on when the viewer chose so. */
function displayed(doc: DreamDocument, reducedMotion: boolean, flash: FlashChoice): DreamDocument {
  const calm = reducedMotion ? calmDocument(doc) : doc
  return flash === 'limited' && calm.scene.allowIntenseFlashing ? { ...calm, scene: { ...calm.scene, allowIntenseFlashing: false } } : calm
}

/**
 * Plays a journey: before the scene's own frame work (priority -2 < DreamScene's -1) it puts the journey's
 * document for the current journey time into the store. Journey time runs in real seconds (hold and morph
 * durations are seconds), stops with pause, and runs slower for reduced motion.
 */
function JourneyDriver({ journey, registry, store, clock, rate, show, onStop }: {
  journey: Journey
  registry: LayerRegistry
  store: StoreApi<{ document: DreamDocument }>
  clock: DreamClock
  rate: number
  show: (doc: DreamDocument) => DreamDocument
  onStop: (stop: number) => void
}) {
  const state = useRef({ time: 0, raw: null as DreamDocument | null, stop: 0 })
  useFrame((_, delta) => {
    const current = state.current
    if (!clock.paused) current.time += Math.min(Math.max(delta, 0), 0.1) * rate
    const raw = journeyAt(journey, current.time, registry)
    // During a hold journeyAt returns the same document: nothing to update.
    if (raw !== current.raw) {
      current.raw = raw
      store.setState({ document: show(raw) })
    }
    const stop = journeyPosition(journey, current.time).stop
    if (stop !== current.stop) {
      current.stop = stop
      onStop(stop)
    }
  }, -2)
  return null
}

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
    const events = ['pointermove', 'pointerdown', 'focusin', 'wheel'] as const
    for (const name of events) target.addEventListener(name, wake, { passive: true })
    // Keys wake it from anywhere on the page (focus usually rests on the body of a full-screen viewer).
    window.addEventListener('keydown', wake)
    sleepLater()
    return () => {
      clearTimeout(timer)
      for (const name of events) target.removeEventListener(name, wake)
      window.removeEventListener('keydown', wake)
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

const documentsOf = (content: ViewerContent) => (content.kind === 'journey' ? content.journey.stops.map((stop) => stop.document) : [content.document])

/**
 * Asks first when a dreamscape turned the flash limiter off (not under reduced motion: calm rendering keeps
 * the limiter on whatever the document says), then shows the dream.
 */
export function ViewerApp(props: ViewerAppProps) {
  const intense = useMemo(() => documentsOf(props.content).some((doc) => doc.scene.allowIntenseFlashing), [props.content])
  const [flash, setFlash] = useState<FlashChoice>(intense && !props.reducedMotion ? 'ask' : 'as-made')
  const playSafely = useCallback(() => setFlash('limited'), [])
  const playAnyway = useCallback(() => setFlash('as-made'), [])
  if (flash === 'ask') {
    const first = documentsOf(props.content)[0]
    const title = props.content.kind === 'journey' ? props.content.journey.title : first?.meta.title
    return <FlashWarning title={title || undefined} onPlaySafely={playSafely} onPlayAnyway={playAnyway} />
  }
  return <ViewerStage {...props} flash={flash} limiterNote={intense && (flash === 'limited' || props.reducedMotion)} />
}

function ViewerStage({ content, registry, reducedMotion, preserveDrawingBuffer, onCreated, flash, limiterNote, batterySaver }: ViewerAppProps & { flash: FlashChoice; limiterNote: boolean }) {
  const maxFps = useMemo(() => ((batterySaver ?? storedBatterySaver()) ? BATTERY_SAVER_FPS : DEFAULT_MAX_FPS), [batterySaver])
  const journey = content.kind === 'journey' ? content.journey : undefined
  const stops = useMemo(() => documentsOf(content), [content])
  const [stop, setStop] = useState(0)
  const source = stops[stop] ?? stops[0]!
  const show = useCallback((doc: DreamDocument) => displayed(doc, reducedMotion, flash), [reducedMotion, flash])
  // A journey starts from its own first frame (layer ids aligned across stops), a dream from itself.
  const store = useMemo(
    () => createStore(() => ({ document: show(journey ? journeyAt(journey, 0, registry) : stops[0]!) })),
    [journey, stops, show, registry],
  )
  const clock = useMemo(() => new DreamClock(), [])
  const [paused, setPaused] = useState(false)
  const container = useRef<HTMLDivElement>(null)
  const card = useRef<HTMLDivElement>(null)
  const awake = useAwake(container, card, OVERLAY_IDLE_MS)
  const fullscreen = useFullscreen(container)
  const modulationInputs = useViewerInputs(container, store)
  const withSound = useMemo(() => stops.some((doc) => inputsUsed(doc).has('audio')), [stops])
  const title = journey ? journey.title : source.meta.title
  // Until the first frame (programs compile, the first picture renders: seconds on a slow phone), the dreamscape's
  // own colours as a gradient instead of a black page; the picture then fades in over them.
  const poster = useMemo(() => posterBackground(posterColors(source, registry)), [source, registry])
  const [drawn, setDrawn] = useState(false)
  const onFirstFrame = useCallback(() => setDrawn(true), [])
  const remixPayload = useMemo(
    () => (content.kind === 'dream' ? content.payload : encodeLink(source, registry)),
    [content, source, registry],
  )

  const togglePause = useCallback(() => {
    clock.paused = !clock.paused
    setPaused(clock.paused)
  }, [clock])

  useEffect(() => {
    const previous = window.document.title
    window.document.title = title ? `${title} · Dreamscape` : 'Dreamscape'
    return () => void (window.document.title = previous)
  }, [title])

  // One listener for the viewer's life, reading the latest actions through a ref: a listener re-attached by the
  // render that the overlay's wake-up causes would miss the very key press that woke it (issue 12.7).
  const shortcuts = useRef({ togglePause, toggleFullscreen: fullscreen.toggle })
  shortcuts.current = { togglePause, toggleFullscreen: fullscreen.toggle }
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return
      const target = event.target as Element | null
      // Only keys meant for this viewer: focus inside it, or nowhere in particular (the page body).
      if (target !== window.document.body && !container.current?.contains(target)) return
      // Buttons and links handle their own Space/Enter.
      if (target?.closest?.('button, a, input, textarea')) return
      if (event.key === ' ' || event.key === 'k') {
        event.preventDefault()
        shortcuts.current.togglePause()
      } else if (event.key === 'f') shortcuts.current.toggleFullscreen()
    }
    // Capture phase: runs before the overlay's wake-up listener, so this key's work is done before it re-renders.
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])

  return (
    <div ref={container} className={`dv-viewer${awake ? '' : ' is-idle'}`} tabIndex={-1} data-testid="dream-viewer">
      {/* under the canvas, and gone once it draws: a dream without an opaque sky shows the night behind it, not this */}
      <div className={`dv-poster${drawn ? ' is-gone' : ''}`} style={{ background: poster }} aria-hidden="true" data-testid="dream-poster" />
      <CanvasBoundary>
        <DreamCanvas
          className={`dv-canvas${drawn ? ' is-drawn' : ''}`}
          onFirstFrame={onFirstFrame}
          store={store}
          registry={registry}
          clock={clock}
          calm={reducedMotion}
          preserveDrawingBuffer={preserveDrawingBuffer}
          onCreated={onCreated}
          maxFps={maxFps}
          modulationInputs={modulationInputs}
        >
          {journey && (
            <JourneyDriver journey={journey} registry={registry} store={store} clock={clock} rate={reducedMotion ? CALM_TIME_SCALE : 1} show={show} onStop={setStop} />
          )}
        </DreamCanvas>
      </CanvasBoundary>
      <div ref={card} className="dv-overlay" role="region" aria-label="Dreamscape controls">
        <div className="dv-meta">
          {journey && (
            <p className="dv-kicker" aria-live="polite">
              Dream journey · {stop + 1} of {journey.stops.length}
            </p>
          )}
          <h1 className="dv-title">{title || DEFAULT_META.title}</h1>
          {journey && <p className="dv-stop">{source.meta.title}</p>}
          {source.meta.author && <p className="dv-author">by {source.meta.author}</p>}
          {!journey && source.meta.description && <p className="dv-description">{source.meta.description}</p>}
          {reducedMotion && <p className="dv-note">Calm motion: your system asks for reduced motion.</p>}
          {limiterNote && <p className="dv-note">Flash limiter on: this dreamscape's intense flashing is held back.</p>}
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
          {withSound && (
            <Suspense fallback={null}>
              <PlayWithSound inputs={modulationInputs} />
            </Suspense>
          )}
          <a className="dv-button dv-primary" href={remixUrl(remixPayload)} data-testid="remix-link">
            <span aria-hidden="true" className="dv-glyph">✦</span>
            <span>{journey ? 'Remix this dreamscape' : 'Remix in editor'}</span>
          </a>
        </div>
      </div>
    </div>
  )
}
