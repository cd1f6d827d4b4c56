import { Canvas, useFrame, type RootState } from '@react-three/fiber'
import { useCallback, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react'
import { createStore, type StoreApi } from 'zustand/vanilla'
import { fitToBudget } from '../core/cost'
import type { Effect } from 'postprocessing'
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import type { DreamClock } from './clock'
import { DreamScene, type DreamSceneHandle } from './DreamScene'
import { DreamGuardOverlay, GuardFrameProbe, useDreamGuard, type GuardOptions } from './contextLoss'
import { createQualityStore, type QualityStore } from './quality'
import { AdaptiveQuality, type AdaptiveQualityOptions } from './qualityRuntime'
import { createFrameLoopState, DEFAULT_MAX_FPS, FrameScheduler, type FrameTiming } from './frameScheduler'
import { compileFirstFrame } from './warmup'
import type { ModulationInputs } from '../modulation/inputs'
import type { Modulator } from '../modulation/modulator'

export interface DreamCanvasProps {
  store: StoreApi<{ document: DreamDocument }>
  registry: LayerRegistry
  clock: DreamClock
  outputEffects?: readonly Effect[]
  /** Editor helpers (orbit controls...) rendered inside the same r3f root. */
  children?: ReactNode
  /** Keep the last frame readable (stills, tests); costs a little on some GPUs. */
  preserveDrawingBuffer?: boolean
  dpr?: number | [number, number]
  onCreated?: (state: RootState) => void
  className?: string
  /**
   * Hold a frame rate by lowering pixel ratio, then declared quality knobs. `false` for stills and pixel tests.
   * Default: on (target 30 fps), except in automated browsers, where it must be asked for explicitly.
   */
  adaptiveQuality?: AdaptiveQualityOptions | false
  /** Pass a store to watch what adaptive quality decided (editor badge, bench). */
  qualityStore?: QualityStore
  /** Context-loss / crash-marker options (storage: null disables the "crashed last time" pause). */
  guard?: GuardOptions
  /** Reduced motion: no glitch bursts, flash limiter always on (see DreamScene). */
  calm?: boolean
  /** Receives the scene's imperative handle for art output (stills, video); null while unmounted. */
  onReady?: (handle: DreamSceneHandle | null) => void
  /** Frames per second at most while the dream plays (default: the display's rate up to 60; battery saver: 30). */
  maxFps?: number
  /** The display's frame callbacks (default requestAnimationFrame): tests step simulated time through it. */
  frameTiming?: FrameTiming
  /**
   * Which GPU to ask for. Default: the browser's choice, so a viewer or an embed never wakes the discrete GPU of
   * a dual-GPU laptop for a still picture. The studio asks for 'high-performance' (see EditorApp).
   */
  powerPreference?: WebGLPowerPreference
  /** Compile the first frame's programs in parallel before drawing it (default on; off only to measure it). */
  compileFirst?: boolean
  /** Live audio, MIDI and pointer values for the document's modulation (see DreamScene). */
  modulationInputs?: ModulationInputs
  /** The modulator to run, when the page reads its source values (studio meters). */
  modulator?: Modulator
  /**
   * Called once the canvas has drawn its first frame (again after a context restore): the viewer shows a poster
   * of the dreamscape's colours until then, and fades the picture in over it.
   */
  onFirstFrame?: () => void
}

/** The full-window canvas both the editor and the viewer use. `flat`: colours are graded by layers, not ACES. */
export function DreamCanvas(props: DreamCanvasProps) {
  const { store, registry, clock, outputEffects, children, preserveDrawingBuffer, dpr, onCreated, className } = props
  const guard = useDreamGuard(store, props.guard)
  // what is drawn: the document, or a copy with quality knobs lowered to fit the cost budget (src/core/cost.ts)
  const shown = useBudgetedStore(store, registry)
  const running = guard.status === 'running'
  const ownQuality = useMemo(() => createQualityStore(), [])
  // outlives the canvas generations (context restores), like the quality store
  const frameLoop = useMemo(createFrameLoopState, [])
  const quality = props.qualityStore ?? ownQuality
  const watched = useMemo(() => [quality as StoreApi<unknown>], [quality])
  // First frame sooner: the first frame of each canvas (a restore makes a new one) waits for its programs to
  // compile in parallel rather than compiling them one by one inside it.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- one deferred per canvas: the generation is the key, not a value read
  const firstHandle = useMemo(() => deferred<DreamSceneHandle>(), [guard.generation])
  const userOnReady = props.onReady
  const onReady = useCallback(
    (handle: DreamSceneHandle | null) => {
      if (handle) firstHandle.resolve(handle)
      userOnReady?.(handle)
    },
    [firstHandle, userOnReady],
  )
  const warmup = useCallback(
    async (state: RootState) => {
      if (props.compileFirst === false) return
      const handle = await firstHandle.promise
      await compileFirstFrame(handle, state.scene)
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- compileFirst is read when the warm-up runs; changing it must not make a new warm-up
    [firstHandle],
  )
  // Off by default under automation (navigator.webdriver): pixel tests must not see the pixel ratio move.
  const adaptive = props.adaptiveQuality ?? (typeof navigator !== 'undefined' && navigator.webdriver ? false : {})
  // Adaptive quality starts from the ratio the canvas would use anyway.
  const maxDpr = typeof dpr === 'number' ? dpr : Math.min(Math.max(window.devicePixelRatio || 1, dpr?.[0] ?? 1), dpr?.[1] ?? 2)
  return (
    // The wrapper positions the guard's overlay over the canvas.
    <div style={{ position: 'relative', width: '100%', height: '100%' }}>
      <Canvas
        key={guard.generation}
        className={className}
        flat
        dpr={dpr ?? [1, 2]}
        // r3f draws nothing by itself: the FrameScheduler draws each frame (advance) when someone watches
        frameloop="never"
        gl={{ antialias: false, powerPreference: props.powerPreference ?? 'default', preserveDrawingBuffer: preserveDrawingBuffer ?? false }}
        onCreated={(state) => {
          guard.attach(state.gl.domElement)
          onCreated?.(state)
        }}
      >
        {/* Lost or paused: the scene (materials, composer, targets) unmounts; the document stays in the store. */}
        {running && (
          <DreamScene store={shown} registry={registry} clock={clock} outputEffects={outputEffects} quality={quality} calm={props.calm} onReady={onReady} modulationInputs={props.modulationInputs} modulator={props.modulator} />
        )}
        {running && adaptive && <AdaptiveQuality store={shown} registry={registry} quality={quality} maxDpr={maxDpr} frameLoop={frameLoop} {...adaptive} />}
        {running && (
          <FrameScheduler clock={clock} store={shown} loop={frameLoop} maxFps={props.maxFps ?? DEFAULT_MAX_FPS} timing={props.frameTiming} watch={watched} warmup={warmup} />
        )}
        {running && <GuardFrameProbe guard={guard} />}
        {running && props.onFirstFrame && <FirstFrameProbe onFirstFrame={props.onFirstFrame} />}
        {children}
      </Canvas>
      <DreamGuardOverlay guard={guard} />
    </div>
  )
}

/** Calls `onFirstFrame` after the first frame this mount draws (frame callbacks run before the draw: a microtask waits for it). */
function FirstFrameProbe({ onFirstFrame }: { onFirstFrame: () => void }) {
  const called = useRef(false)
  useFrame(() => {
    if (called.current) return
    called.current = true
    queueMicrotask(onFirstFrame)
  })
  return null
}

/**
 * A store that follows `store` with each document fitted to the cost budget: the document itself when it fits
 * (every built-in preset does), a copy with lowered quality knobs when it does not. Fitted before the first
 * frame, so an over-budget link never draws even one frame at the quality it asked for.
 */
function useBudgetedStore(store: StoreApi<{ document: DreamDocument }>, registry: LayerRegistry): StoreApi<{ document: DreamDocument }> {
  const shown = useMemo(
    () => createStore<{ document: DreamDocument }>(() => ({ document: fitToBudget(store.getState().document, registry).document })),
    [store, registry],
  )
  useLayoutEffect(() => {
    let source = store.getState().document
    const sync = (doc: DreamDocument) => {
      source = doc
      const fitted = fitToBudget(doc, registry).document
      if (fitted !== shown.getState().document) shown.setState({ document: fitted })
    }
    sync(source)
    return store.subscribe((state) => {
      if (state.document !== source) sync(state.document)
    })
  }, [store, registry, shown])
  return shown
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {}
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}
