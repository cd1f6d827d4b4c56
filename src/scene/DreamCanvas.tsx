import { Canvas, type RootState } from '@react-three/fiber'
import type { ReactNode } from 'react'
import type { Effect } from 'postprocessing'
import type { StoreApi } from 'zustand/vanilla'
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import type { DreamClock } from './clock'
import { DreamScene } from './DreamScene'

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
}

/** The full-window canvas both the editor and the viewer use. `flat`: colours are graded by layers, not ACES. */
export function DreamCanvas({ store, registry, clock, outputEffects, children, preserveDrawingBuffer, dpr, onCreated, className }: DreamCanvasProps) {
  return (
    <Canvas
      className={className}
      flat
      dpr={dpr ?? [1, 2]}
      gl={{ antialias: false, powerPreference: 'high-performance', preserveDrawingBuffer: preserveDrawingBuffer ?? false }}
      onCreated={onCreated}
    >
      <DreamScene store={store} registry={registry} clock={clock} outputEffects={outputEffects} />
      {children}
    </Canvas>
  )
}
