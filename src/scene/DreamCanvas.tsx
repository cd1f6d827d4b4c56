import { Canvas, type RootState } from '@react-three/fiber'
import { useMemo, type ReactNode } from 'react'
import type { Effect } from 'postprocessing'
import type { StoreApi } from 'zustand/vanilla'
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import type { DreamClock } from './clock'
import { DreamScene, type DreamSceneHandle } from './DreamScene'
import { DreamGuardOverlay, GuardFrameProbe, useDreamGuard, type GuardOptions } from './contextLoss'
import { createQualityStore, type QualityStore } from './quality'
import { AdaptiveQuality, type AdaptiveQualityOptions } from './qualityRuntime'

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
}

/** The full-window canvas both the editor and the viewer use. `flat`: colours are graded by layers, not ACES. */
export function DreamCanvas(props: DreamCanvasProps) {
  const { store, registry, clock, outputEffects, children, preserveDrawingBuffer, dpr, onCreated, className } = props
  const guard = useDreamGuard(store, props.guard)
  const running = guard.status === 'running'
  const ownQuality = useMemo(() => createQualityStore(), [])
  const quality = props.qualityStore ?? ownQuality
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
        frameloop={guard.status === 'suspect' ? 'never' : 'always'}
        gl={{ antialias: false, powerPreference: 'high-performance', preserveDrawingBuffer: preserveDrawingBuffer ?? false }}
        onCreated={(state) => {
          guard.attach(state.gl.domElement)
          onCreated?.(state)
        }}
      >
        {/* Lost or paused: the scene (materials, composer, targets) unmounts; the document stays in the store. */}
        {running && (
          <DreamScene store={store} registry={registry} clock={clock} outputEffects={outputEffects} quality={quality} calm={props.calm} onReady={props.onReady} />
        )}
        {running && adaptive && <AdaptiveQuality store={store} registry={registry} quality={quality} maxDpr={maxDpr} {...adaptive} />}
        {running && <GuardFrameProbe guard={guard} />}
        {children}
      </Canvas>
      <DreamGuardOverlay guard={guard} />
    </div>
  )
}
