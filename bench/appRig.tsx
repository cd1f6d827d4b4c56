/** The app side of the bench: the real DreamScene in an r3f root per size, frames advanced and timed by hand. */
import { useFrame, type ReconcilerRoot, type RootState } from '@react-three/fiber'
import type { DreamDocument } from '../src/core/document'
import { createDreamStore, type DreamStore } from '../src/core/dreamStore'
import { registry } from '../src/layers'
import { DreamClock } from '../src/scene/clock'
import { mountFixedSize } from '../src/scene/fixedSizeRoot'
import { registerLiveFrames } from '../src/scene/amortisedSoftPass'
import { DreamScene } from '../src/scene/DreamScene'
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import { costDocument, emptyDocument } from './cases'
import { nextTask } from './stats'

// ---------------------------------------------------------------------------------------------------------
// The app side: one r3f root per size, documents swapped through the store (as loading a preset does).

export interface AppRig {
  width: number
  height: number
  resize(width: number, height: number): Promise<void>
  canvas: HTMLCanvasElement
  root: ReconcilerRoot<HTMLCanvasElement>
  state: RootState
  store: DreamStore
  clock: DreamClock
  pixel: Uint8Array
  time: number
  /** Our JS per frame: from before DreamScene's frame loop to just before the composer renders. */
  probe: { start: number; total: number; frames: number }
  /** Backdrop fusion on (the app) or off (to measure what it saves), and reference mode (for the raw comparisons). */
  fusion: ReturnType<typeof createFusionSwitch>
}

export const createFusionSwitch = () => createStore<{ fuse: boolean; reference: boolean }>(() => ({ fuse: true, reference: false }))
export function SwitchableScene({ fusion, ...props }: Omit<Parameters<typeof DreamScene>[0], 'fuseBackdrops' | 'reference'> & { fusion: AppRig['fusion'] }) {
  const fuse = useStore(fusion, (state) => state.fuse)
  const reference = useStore(fusion, (state) => state.reference)
  return <DreamScene {...props} fuseBackdrops={fuse} reference={reference} />
}

export function ProbeStart({ probe }: { probe: AppRig['probe'] }) {
  useFrame(() => void (probe.start = performance.now()), -1e9)
  return null
}
export function ProbeEnd({ probe }: { probe: AppRig['probe'] }) {
  // priority 1 is the composer: 0.999 runs after every scene callback and before it
  useFrame(() => {
    probe.total += performance.now() - probe.start
    probe.frames++
  }, 0.999)
  return null
}

export async function createAppRig(width: number, height: number): Promise<AppRig> {
  const store = createDreamStore(emptyDocument())
  const clock = new DreamClock({ pinned: 0 })
  const probe = { start: 0, total: 0, frames: 0 }
  const fusion = createFusionSwitch()
  const mounted = await mountFixedSize(
    width,
    height,
    <>
      <ProbeStart probe={probe} />
      <SwitchableScene store={store} registry={registry} clock={clock} fusion={fusion} />
      <ProbeEnd probe={probe} />
    </>,
    { preserveDrawingBuffer: false },
  )
  await nextTask(50)
  const rig: AppRig = {
    width,
    height,
    canvas: mounted.canvas,
    root: mounted.root,
    state: mounted.state,
    store,
    clock,
    pixel: new Uint8Array(4),
    time: 1000,
    probe,
    fusion,
    // Same context, same programs: only the canvas and the composer's targets change size.
    async resize(w: number, h: number) {
      if (rig.width === w && rig.height === h) return
      rig.width = w
      rig.height = h
      await mounted.resize(w, h)
      await nextTask(30)
    },
  }
  return rig
}

export function appFrame(rig: AppRig, dreamTime: number, readPixel: boolean): number {
  const started = performance.now()
  rig.clock.pinned = dreamTime
  rig.time += 1 / 60 // seconds: r3f's advance() takes them
  rig.state.advance(rig.time)
  if (readPixel) {
    const gl = rig.state.gl.getContext()
    gl.readPixels(rig.width >> 1, rig.height >> 1, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, rig.pixel)
  }
  return performance.now() - started
}


/**
 * Paired measurements switch documents on one context: show the document (programs come from three's cache
 * after the first time), draw one frame untimed (first uploads after a switch), then time the next.
 */
export async function appPairFrame(rig: AppRig, doc: DreamDocument, fuse: boolean, reference = false): Promise<number> {
  await showDocument(rig, doc, fuse, reference)
  appFrame(rig, 2, true)
  return appFrame(rig, 2.05, true)
}

export async function showDocument(rig: AppRig, doc: DreamDocument, fuse = true, reference = false) {
  const switches = rig.fusion.getState()
  if (rig.store.getState().document === doc && switches.fuse === fuse && switches.reference === reference) return
  rig.fusion.setState({ fuse, reference })
  rig.store.replace(doc)
  await nextTask(30) // React commits the new structure (materials, composer passes)
}

export async function mountCostRig(width: number, height: number, id: string, live?: boolean) {
  const { doc, reference } = costDocument(id)
  const store = createDreamStore(doc)
  const clock = new DreamClock({ pinned: 0 })
  const mounted = await mountFixedSize(width, height, <DreamScene store={store} registry={registry} clock={clock} reference={reference} />, {
    preserveDrawingBuffer: false,
  })
  await nextTask(50)
  const gl = mounted.state.gl
  // frames drawn as the playing loop draws them (the soft passes amortise live frames); reference mode has none
  const unregister = registerLiveFrames(gl, { live: live ?? !reference })
  const pixel = new Uint8Array(4)
  let time = 1000
  return {
    frame(dreamTime: number): number {
      const started = performance.now()
      clock.pinned = dreamTime
      time += 1 / 60 // seconds: r3f's advance() takes them
      mounted.state.advance(time)
      const context = gl.getContext()
      context.readPixels(width >> 1, height >> 1, 1, 1, context.RGBA, context.UNSIGNED_BYTE, pixel)
      return performance.now() - started
    },
    /** The whole last frame (call right after frame(): the drawing buffer is not preserved). */
    read(): Uint8Array {
      const context = gl.getContext()
      const all = new Uint8Array(width * height * 4)
      context.readPixels(0, 0, width, height, context.RGBA, context.UNSIGNED_BYTE, all)
      return all
    },
    resources: () => ({ programs: gl.info.programs?.length ?? 0 }),
    dispose() {
      unregister()
      mounted.dispose()
      gl.forceContextLoss()
    },
  }
}
