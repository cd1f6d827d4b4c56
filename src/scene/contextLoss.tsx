/**
 * Guarding the page against the GPU: WebGL context loss and dreamscapes that crashed the page.
 *
 * - On `webglcontextlost` the dream pauses, its scene (materials, effect composer, render targets) is
 *   unmounted and a calm overlay explains what happened. The document lives in the store, so nothing is lost.
 *   On `webglcontextrestored` the canvas is recreated (new renderer, new context) and the scene mounts again
 *   from the document.
 * - Before the first frame of a document a marker naming it goes to this TAB's sessionStorage; it is removed
 *   after the first healthy frame (the page went on to animate two more frames after it), on `pagehide`,
 *   and while the page is hidden (nothing draws then). If the page dies in between (GPU watchdog, tab crash),
 *   reloading that tab finds the marker and opens that dreamscape paused, with a "run anyway" choice.
 *   Per tab, because a marker shared by all tabs made a second tab (or the next visit, after a browser
 *   closed a few seconds in) open paused behind a false alarm.
 */
import { useFrame } from '@react-three/fiber'
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react'
import type { StoreApi } from 'zustand/vanilla'
import type { DreamDocument } from '../core/document'

export const CRASH_MARKER_KEY = 'dreamscape:running'

export type GuardStatus = 'running' | 'lost' | 'suspect'

export interface DreamGuard {
  status: GuardStatus
  /**
   * Bumped on every restore. The canvas is keyed on it: a fresh renderer and context after a loss is more
   * reliable than three's in-place re-initialisation (which left depth-tested layers wrong in our tests).
   */
  generation: number
  /** Listen to the canvas' context events (call from the r3f `onCreated`). */
  attach(canvas: HTMLCanvasElement): void
  /** Called once per rendered frame (by <GuardFrameProbe>): counts the good frames that clear the marker. */
  frame(): void
  runAnyway(): void
}

export interface GuardOptions {
  /** null disables the crash marker (embeds that must never pause). Default: sessionStorage (per tab) when usable. */
  storage?: Storage | null
  /** The marker is cleared after this long AND this many healthy frames (defaults: 0 s, 1 frame). */
  goodSeconds?: number
  goodFrames?: number
}

/** FNV-1a over what makes a dreamscape render the way it does (not its title). */
export function dreamFingerprint(doc: DreamDocument): string {
  const text = JSON.stringify([doc.seed, doc.scene, doc.layers])
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(36)
}

let legacyMarkerRemoved = false
function defaultStorage(): Storage | null {
  try {
    if (typeof sessionStorage === 'undefined') return null
    if (!legacyMarkerRemoved) {
      // Earlier versions kept one marker in localStorage, shared by every tab: it would sit there forever.
      legacyMarkerRemoved = true
      localStorage.removeItem(CRASH_MARKER_KEY)
    }
    return sessionStorage
  } catch {
    return null // storage blocked (privacy settings, sandboxed iframe)
  }
}

/** Runs `then` once the page has produced two more animation frames: the frame before them was presented. */
function afterTwoAnimationFrames(then: () => void): () => void {
  let id = requestAnimationFrame(() => (id = requestAnimationFrame(then)))
  return () => cancelAnimationFrame(id)
}

function readMarker(storage: Storage | null): string | null {
  try {
    return storage?.getItem(CRASH_MARKER_KEY) ?? null
  } catch {
    return null
  }
}
function writeMarker(storage: Storage | null, value: string | null): void {
  try {
    if (value === null) storage?.removeItem(CRASH_MARKER_KEY)
    else storage?.setItem(CRASH_MARKER_KEY, value)
  } catch {
    // quota or blocked storage: the guard simply cannot remember crashes
  }
}

export function useDreamGuard(store: StoreApi<{ document: DreamDocument }>, options: GuardOptions = {}): DreamGuard {
  const storage = options.storage === undefined ? defaultStorage() : options.storage
  const goodSeconds = options.goodSeconds ?? 0
  const goodFrames = options.goodFrames ?? 1
  const [generation, setGeneration] = useState(0)
  const [status, setStatus] = useState<GuardStatus>(() =>
    readMarker(storage) === dreamFingerprint(store.getState().document) ? 'suspect' : 'running',
  )
  // The current arming: which document, since when, how many frames so far. Null when cleared.
  const armed = useRef<{ fingerprint: string; since: number; frames: number } | null>(null)
  const arm = useCallback(
    (doc: DreamDocument) => {
      const fingerprint = dreamFingerprint(doc)
      if (armed.current?.fingerprint === fingerprint) return
      armed.current = { fingerprint, since: performance.now(), frames: 0 }
      // a hidden page draws nothing: the marker goes in when it becomes visible (see below)
      if (document.visibilityState !== 'hidden') writeMarker(storage, fingerprint)
    },
    [storage],
  )

  // Arm before the first frame (layout effects run before r3f's first animation frame), and re-arm when
  // the document changes: an edit (octaves to 8) can be what brings the GPU down.
  useLayoutEffect(() => {
    if (status !== 'running') return
    arm(store.getState().document)
    let timer: ReturnType<typeof setTimeout> | undefined
    const unsubscribe = store.subscribe((state) => {
      clearTimeout(timer)
      timer = setTimeout(() => arm(state.document), 300)
    })
    return () => {
      clearTimeout(timer)
      unsubscribe()
    }
  }, [status, store, arm])

  // A clean exit (unmount, navigation, reload) is not a crash; a hidden page draws nothing, so it cannot be
  // crashing the GPU (and a hidden tab may be discarded without a pagehide): no marker while hidden.
  useEffect(() => {
    const clear = () => {
      if (armed.current) writeMarker(storage, null)
      armed.current = null
    }
    const onVisibility = () => {
      const current = armed.current
      if (!current || current.frames === Number.NEGATIVE_INFINITY) return
      writeMarker(storage, document.visibilityState === 'hidden' ? null : current.fingerprint)
    }
    window.addEventListener('pagehide', clear)
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      window.removeEventListener('pagehide', clear)
      document.removeEventListener('visibilitychange', onVisibility)
      clear()
    }
  }, [storage])

  const attached = useRef<HTMLCanvasElement | null>(null)
  const attach = useCallback((canvas: HTMLCanvasElement) => {
    if (attached.current === canvas) return
    attached.current = canvas
    canvas.addEventListener('webglcontextlost', (event) => {
      event.preventDefault() // without this the browser never offers a restore
      // a retired canvas (replaced after a restore) loses its context on purpose when r3f disposes it
      if (attached.current === canvas) setStatus('lost')
    })
    canvas.addEventListener('webglcontextrestored', () => {
      if (attached.current !== canvas) return
      attached.current = null // retire it: the next canvas attaches itself
      setGeneration((g) => g + 1)
      setStatus((current) => (current === 'lost' ? 'running' : current))
    })
  }, [])

  // A frame is healthy once the page has gone on to produce two more animation frames (a hung GPU stops them).
  const checking = useRef<(() => void) | null>(null)
  useEffect(() => () => checking.current?.(), [])
  const frame = useCallback(() => {
    const current = armed.current
    if (!current || current.frames === Number.NEGATIVE_INFINITY || checking.current) return
    checking.current = afterTwoAnimationFrames(() => {
      checking.current = null
      if (armed.current !== current) return // re-armed for another document meanwhile
      current.frames++
      if (current.frames >= goodFrames && performance.now() - current.since >= goodSeconds * 1000) {
        writeMarker(storage, null)
        current.frames = Number.NEGATIVE_INFINITY // stays armed for this document, marker gone
      }
    })
  }, [goodFrames, goodSeconds, storage])

  const runAnyway = useCallback(() => setStatus('running'), [])
  return { status, generation, attach, frame, runAnyway }
}

/** Inside the r3f root: reports every rendered frame to the guard. */
export function GuardFrameProbe({ guard }: { guard: DreamGuard }) {
  useFrame(() => guard.frame())
  return null
}

const overlayStyle: CSSProperties = {
  position: 'absolute',
  inset: 0,
  display: 'flex',
  flexDirection: 'column',
  alignItems: 'center',
  justifyContent: 'center',
  gap: '12px',
  padding: '24px',
  textAlign: 'center',
  background: 'rgba(5, 6, 15, 0.82)',
  color: '#e9e4ff',
  font: '15px/1.5 system-ui, sans-serif',
  zIndex: 10,
}
const buttonStyle: CSSProperties = {
  font: 'inherit',
  padding: '8px 18px',
  borderRadius: '18px',
  border: '1px solid #8a7fd6',
  background: '#1b1640',
  color: 'inherit',
  cursor: 'pointer',
}

/** The calm overlay. Renders nothing while the dream runs. */
export function DreamGuardOverlay({ guard }: { guard: DreamGuard }) {
  const [waitedLong, setWaitedLong] = useState(false)
  useEffect(() => {
    setWaitedLong(false)
    if (guard.status !== 'lost') return
    const timer = setTimeout(() => setWaitedLong(true), 6000)
    return () => clearTimeout(timer)
  }, [guard.status])

  if (guard.status === 'running') return null
  if (guard.status === 'lost')
    return (
      <div style={overlayStyle} role="status" aria-live="polite" data-dream-guard="lost">
        <div>The dream is resting: the graphics card needed a moment.</div>
        <div style={{ opacity: 0.7 }}>Your dreamscape is safe. It will come back on its own.</div>
        {waitedLong && (
          <button type="button" style={buttonStyle} onClick={() => window.location.reload()}>
            Reload the page
          </button>
        )}
      </div>
    )
  return (
    <div style={overlayStyle} role="alertdialog" aria-label="Dreamscape paused" data-dream-guard="suspect">
      <div>This dreamscape stopped the page the last time it ran, so it is paused.</div>
      <div style={{ opacity: 0.7 }}>It may be too heavy for this device.</div>
      <button type="button" style={buttonStyle} onClick={guard.runAnyway} autoFocus>
        Run anyway
      </button>
    </div>
  )
}
