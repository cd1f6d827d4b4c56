/**
 * Mounts a dream document in a real WebGL2 canvas of a fixed size, with a manual frame loop, so tests render
 * an exact dream time and read the pixels back in the same task.
 */
import type { RootState } from '@react-three/fiber'
import type { WebGLRenderer } from 'three'
import { createDreamStore, type DreamStore } from '../../src/core/dreamStore'
import type { LayerRegistry } from '../../src/core/defineLayer'
import type { DreamDocument } from '../../src/core/document'
import { DreamClock } from '../../src/scene/clock'
import { DreamScene } from '../../src/scene/DreamScene'
import { mountFixedSize } from '../../src/scene/fixedSizeRoot'
import { registry as appRegistry } from '../../src/layers'

export interface Harness {
  store: DreamStore
  canvas: HTMLCanvasElement
  gl: WebGLRenderer
  state: RootState
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
  const { state, canvas, dispose } = await mountFixedSize(
    width,
    height,
    <DreamScene store={store} registry={registry} clock={clock} fuseBackdrops={fuseBackdrops} reference={reference} />,
  )
  // let effects (composer passes) mount
  await new Promise((resolve) => setTimeout(resolve, 50))
  const gl = state.gl
  const pixels = new Uint8Array(width * height * 4)
  let frameTime = 1000
  return {
    store,
    canvas,
    gl,
    state,
    renderAt(time: number) {
      clock.pinned = time
      frameTime += 16.67
      state.advance(frameTime)
      const context = gl.getContext()
      context.readPixels(0, 0, width, height, context.RGBA, context.UNSIGNED_BYTE, pixels)
      return pixels.slice()
    },
    programCount: () => gl.info.programs?.length ?? 0,
    async unmount() {
      dispose()
      await new Promise((resolve) => setTimeout(resolve, 20))
    },
  }
}

export const flush = () => new Promise((resolve) => setTimeout(resolve, 30))

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
