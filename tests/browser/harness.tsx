/**
 * Mounts a dream document in a real WebGL2 canvas of a fixed size, with a manual frame loop, so tests render
 * an exact dream time and read the pixels back in the same task; mounts the studio; and waits for readiness
 * signals (the scene's handle, React's commits, finished layout) instead of sleeping.
 */
import { _roots, type RootState } from '@react-three/fiber'
import { useEffect, useLayoutEffect, useState, type ReactNode } from 'react'
import type { WebGLRenderer } from 'three'
import { vi } from 'vitest'
import { page } from 'vitest/browser'
import { registerLiveFrames } from '../../src/scene/amortisedSoftPass'
import { createDreamStore, type DreamStore } from '../../src/core/dreamStore'
import type { LayerRegistry } from '../../src/core/defineLayer'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { mountEditor } from '../../src/editor'
import { encodeLink } from '../../src/preset/link'
import { DreamClock } from '../../src/scene/clock'
import { DreamScene, type DreamSceneHandle } from '../../src/scene/DreamScene'
import type { FrameTiming } from '../../src/scene/frameScheduler'
import { mountFixedSize } from '../../src/scene/fixedSizeRoot'
import { registry as appRegistry } from '../../src/layers'

/**
 * A probe rendered beside what a test mounts: `settle()` resolves once React has committed every update
 * scheduled before the call, passive effects included (the probe's own update commits with or after them, and
 * its effect runs after those of the siblings before it).
 */
export function createSettler(): { probe: ReactNode; settle(): Promise<void> } {
  const waiting: (() => void)[] = []
  let poke: (() => void) | null = null
  function SettleProbe() {
    const [tick, setTick] = useState(0)
    useLayoutEffect(() => {
      poke = () => setTick((n) => n + 1)
      return () => void (poke = null)
    }, [])
    useEffect(() => waiting.splice(0).forEach((done) => done()), [tick])
    return null
  }
  return {
    probe: <SettleProbe />,
    settle: () =>
      new Promise<void>((resolve, reject) => {
        if (!poke) return reject(new Error('settle(): the probe is not mounted'))
        waiting.push(resolve)
        poke()
      }),
  }
}

/**
 * A scene's onReady, and the first handle it receives: given once the output chain exists and the first
 * commit's effects have run (they run before the chain's, in tree order).
 */
export function readiness(): { onReady: (handle: DreamSceneHandle | null) => void; ready: Promise<DreamSceneHandle> } {
  let onReady: (handle: DreamSceneHandle | null) => void = () => {}
  const ready = new Promise<DreamSceneHandle>((resolve) => (onReady = (handle) => handle && resolve(handle)))
  return { onReady, ready }
}

/** Waits until `ready()` holds (vi.waitFor polls it), with `what` in the error when it never does. */
export async function untilReady(ready: () => boolean, what: string, timeout = 30_000): Promise<void> {
  await vi.waitFor(
    () => {
      if (!ready()) throw new Error(`${what}: not ready within ${timeout / 1000} s`)
    },
    { timeout, interval: 50 },
  )
}

/** Unmounts an r3f root and waits until r3f has released it (its effect cleanups ran, the renderer let go). */
export async function unmountRoot(canvas: HTMLCanvasElement, unmount: () => void): Promise<void> {
  unmount()
  await untilReady(() => !_roots.has(canvas), 'the unmounted root', 10_000)
}

export interface Harness {
  store: DreamStore
  canvas: HTMLCanvasElement
  gl: WebGLRenderer
  state: RootState
  handle: DreamSceneHandle
  /** Resolves once React has committed every store or quality change made before the call. */
  settle(): Promise<void>
  /** Render the dream at `time` seconds and return its RGBA pixels (bottom row first). */
  renderAt(time: number): Uint8Array
  programCount(): number
  unmount(): Promise<void>
}

export async function mountDream(
  document: DreamDocument,
  {
    width = 160,
    height = 90,
    registry = appRegistry,
    fuseBackdrops = true,
    reference = false,
  }: { width?: number; height?: number; registry?: LayerRegistry; fuseBackdrops?: boolean; reference?: boolean } = {},
): Promise<Harness> {
  const store = createDreamStore(document)
  const clock = new DreamClock({ pinned: 0 })
  const { onReady, ready } = readiness()
  const { probe, settle } = createSettler()
  const { state, canvas, dispose } = await mountFixedSize(
    width,
    height,
    <>
      <DreamScene store={store} registry={registry} clock={clock} fuseBackdrops={fuseBackdrops} reference={reference} onReady={onReady} />
      {probe}
    </>,
  )
  const handle = await ready
  const gl = state.gl
  const pixels = new Uint8Array(width * height * 4)
  let frameTime = 1000
  return {
    store,
    canvas,
    gl,
    state,
    handle,
    settle,
    renderAt(time: number) {
      clock.pinned = time
      // r3f's advance() takes seconds (its frame delta is the difference): one 60 Hz frame after the last
      frameTime += 1 / 60
      state.advance(frameTime)
      const context = gl.getContext()
      context.readPixels(0, 0, width, height, context.RGBA, context.UNSIGNED_BYTE, pixels)
      return pixels.slice()
    },
    programCount: () => gl.info.programs?.length ?? 0,
    unmount: () => unmountRoot(canvas, dispose),
  }
}

/**
 * Layout has settled: the window has its size, its resize steps and observers have run (one animation frame),
 * React has rendered what they scheduled (the next task), and no CSS animation or transition is running.
 */
export async function layoutSettled(): Promise<void> {
  await new Promise((resolve) => requestAnimationFrame(resolve))
  await new Promise((resolve) => setTimeout(resolve))
  await Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined)))
}

export interface Studio {
  root: HTMLElement
  store: DreamStore
  /** The studio's picture, once its WebGL root exists. */
  canvas(): HTMLCanvasElement
  /** The r3f state of the studio's canvas. */
  three(): RootState
  unmount(): void
}

/**
 * The studio at a window size, remixing a fresh document of `layers` (or opening as a first visit), with a
 * clean autosave; resolves once the layer stack is listed and, with `picture`, the canvas's r3f root exists.
 */
export async function mountStudio({
  viewport: [width, height],
  layers,
  picture = false,
}: {
  viewport: [number, number]
  layers?: string[]
  picture?: boolean
}): Promise<Studio> {
  await page.viewport(width, height)
  localStorage.clear()
  const root = document.createElement('div')
  root.style.cssText = 'position:fixed;inset:0'
  document.body.appendChild(root)
  const editor = mountEditor(root, { name: 'editor', ...(layers && { remix: encodeLink(createDocument(appRegistry, layers), appRegistry) }) })
  const canvas = () => root.querySelector('canvas')!
  await untilReady(() => root.querySelectorAll('.ds-layer').length > 0, 'the studio')
  if (picture) await untilReady(() => !!root.querySelector('canvas') && _roots.has(canvas()), 'the studio picture')
  return {
    root,
    store: editor.store,
    canvas,
    three: () => _roots.get(canvas())!.store.getState(),
    unmount() {
      editor.unmount()
      root.remove()
    },
  }
}

/** Mean absolute difference per channel between two pixel buffers, 0..255. */
export function meanDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0))
  return sum / a.length
}

/** Mean brightness and the number of distinct-ish colours: "non-blank" means something is drawn with structure. */
export function pixelStats(pixels: Uint8Array) {
  let sum = 0
  const buckets = new Set<number>()
  for (let i = 0; i < pixels.length; i += 4) {
    const r = pixels[i] ?? 0
    const g = pixels[i + 1] ?? 0
    const b = pixels[i + 2] ?? 0
    sum += (r + g + b) / 3
    buckets.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4))
  }
  return { mean: sum / (pixels.length / 4), colours: buckets.size }
}

/** Encode pixels as a PNG data URL (bottom-up rows flipped), for looking at what a test rendered. */
export function toDataUrl(pixels: Uint8Array, width: number, height: number): string {
  const canvas = window.document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const context = canvas.getContext('2d')!
  const image = context.createImageData(width, height)
  for (let y = 0; y < height; y++) image.data.set(pixels.subarray((height - 1 - y) * width * 4, (height - y) * width * 4), y * width * 4)
  context.putImageData(image, 0, 0)
  return canvas.toDataURL('image/png')
}

/**
 * Display timestamps under the test's control (pass `timing` as the scheduler's frame timing): `step()` fires one
 * 60 Hz display frame, `run(hz, seconds)` the callbacks of a simulated display of that rate.
 */
export function steppedDisplay() {
  let pending = new Map<number, (timestamp: number) => void>()
  let next = 1
  let now = 1000
  const timing: FrameTiming = {
    request: (callback) => {
      pending.set(next, callback)
      return next++
    },
    cancel: (handle) => void pending.delete(handle),
  }
  const frame = (hz: number) => {
    now += 1000 / hz
    const due = pending
    pending = new Map()
    for (const callback of due.values()) callback(now)
  }
  const run = (hz: number, seconds: number) => {
    for (let i = Math.round(hz * seconds); i > 0; i--) frame(hz)
  }
  return { timing, step: () => frame(60), run, waiting: () => pending.size }
}

/**
 * Draw calls and pixels of a still at `time`, then of `count` live frames 1/60 s apart after it (the playing loop's
 * frames, which may reuse work between them).
 */
export function stillThenLiveFrames(harness: Harness, time: number, count = 4) {
  const callsAt = (at: number) => {
    const info = harness.gl.info
    info.autoReset = false
    info.reset()
    const pixels = harness.renderAt(at)
    const calls = info.render.calls
    info.autoReset = true
    return { calls, pixels }
  }
  const still = callsAt(time)
  const unregister = registerLiveFrames(harness.gl, { live: true })
  const live: { calls: number; pixels: Uint8Array }[] = []
  try {
    for (let i = 1; i <= count; i++) live.push(callsAt(time + i / 60))
  } finally {
    unregister()
  }
  return { still, live, callsAt }
}
