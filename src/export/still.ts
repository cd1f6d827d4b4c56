/**
 * Stills: render one frame at a chosen size (up to 4K, whatever the window size) at a pinned dream time,
 * read it back and encode it as PNG.
 *
 * The live renderer and its post-processing chain are resized for exactly one frame, read back in the same
 * task (so the drawing buffer is still there) and restored, and the window-sized frame is drawn again
 * before the browser composites: the visible canvas never flashes. One renderer means no second WebGL
 * context (browsers cap them) and no second copy of every shader program.
 */
import { Vector2 } from 'three'
import type { DreamSceneHandle } from '../scene/DreamScene'

/** 4K UHD. Longer sides than this cost seconds per frame on software renderers and gigabytes of targets. */
export const MAX_STILL_SIDE = 3840
export const MAX_STILL_PIXELS = 3840 * 2160

export const STILL_SIZES = [
  { label: 'HD 1280×720', width: 1280, height: 720 },
  { label: 'Full HD 1920×1080', width: 1920, height: 1080 },
  { label: 'QHD 2560×1440', width: 2560, height: 1440 },
  { label: '4K 3840×2160', width: 3840, height: 2160 },
  { label: 'Portrait 1080×1920', width: 1080, height: 1920 },
  { label: 'Square 2048×2048', width: 2048, height: 2048 },
] as const

export interface StillOptions {
  width: number
  height: number
  /** Dream seconds to pin the clock at for this frame. */
  time: number
}

export interface StillPixels {
  width: number
  height: number
  /** RGBA, top row first, fully opaque. */
  pixels: Uint8ClampedArray
}

/** Checks a requested size and says what is wrong in a sentence (for the panel and the CLI). */
export function stillSizeProblem(width: number, height: number, maxSide = MAX_STILL_SIDE): string | undefined {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    return 'width and height must be whole numbers of pixels'
  if (width > maxSide || height > maxSide) return `the longest side can be at most ${maxSide} pixels`
  if (width * height > MAX_STILL_PIXELS) return `at most ${MAX_STILL_PIXELS.toLocaleString('en')} pixels (4K)`
  return undefined
}

/** The largest side this GPU can render into (viewport and renderbuffer limits). */
export function maxRenderableSide(handle: DreamSceneHandle): number {
  const context = handle.gl.getContext()
  const viewport = context.getParameter(context.MAX_VIEWPORT_DIMS) as Int32Array
  const renderbuffer = context.getParameter(context.MAX_RENDERBUFFER_SIZE) as number
  return Math.min(MAX_STILL_SIDE, viewport[0] ?? 0, viewport[1] ?? 0, renderbuffer, handle.gl.capabilities.maxTextureSize)
}

/** Render the dream at `time`, `width`×`height` pixels, and return its pixels. Synchronous by design. */
export function captureStill(handle: DreamSceneHandle, { width, height, time }: StillOptions): StillPixels {
  const problem = stillSizeProblem(width, height, maxRenderableSide(handle))
  if (problem) throw new Error(`cannot export ${width}×${height}: ${problem}`)
  const { gl, clock } = handle
  const raw = new Uint8Array(width * height * 4)
  const restore = sizeForCapture(handle, width, height)
  try {
    clock.pinned = time
    handle.renderFrame()
    gl.setRenderTarget(null)
    const context = gl.getContext()
    context.readPixels(0, 0, width, height, context.RGBA, context.UNSIGNED_BYTE, raw)
  } finally {
    restore()
  }
  return { width, height, pixels: flipOpaque(raw, width, height) }
}

/**
 * Sizes the drawing for a capture (stills, video) at pixel ratio 1, the page layout untouched; returns what puts
 * back the size, the camera's aspect and the dream clock, and redraws the live picture.
 */
export function sizeForCapture(handle: DreamSceneHandle, width: number, height: number): () => void {
  const { gl, composer, camera, clock } = handle
  const saved = { pixelRatio: gl.getPixelRatio(), size: gl.getSize(new Vector2()), aspect: camera.aspect, pinned: clock.pinned, time: clock.time }
  gl.setPixelRatio(1)
  composer.setSize(width, height, false) // also sizes the renderer's drawing buffer; the page layout stays
  camera.aspect = width / height
  camera.updateProjectionMatrix()
  return () => {
    gl.setPixelRatio(saved.pixelRatio)
    composer.setSize(saved.size.x, saved.size.y, false)
    camera.aspect = saved.aspect
    camera.updateProjectionMatrix()
    clock.pinned = saved.pinned
    clock.time = saved.time
    handle.renderFrame()
  }
}

/** WebGL rows come bottom-up; images go top-down. Alpha is forced opaque: a still is a picture, not a layer. */
export function flipOpaque(raw: Uint8Array, width: number, height: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(raw.length)
  const row = width * 4
  for (let y = 0; y < height; y++) out.set(raw.subarray((height - 1 - y) * row, (height - y) * row), y * row)
  for (let i = 3; i < out.length; i += 4) out[i] = 255
  return out
}

export async function encodePng({ width, height, pixels }: StillPixels): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height)
  const context = canvas.getContext('2d')
  if (!context) throw new Error('this browser cannot encode images (no 2D canvas)')
  context.putImageData(new ImageData(pixels as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0)
  return canvas.convertToBlob({ type: 'image/png' })
}

export interface StillResult {
  blob: Blob
  width: number
  height: number
  /** Milliseconds spent rendering and reading back (encoding excluded). */
  renderMs: number
  encodeMs: number
}

/** Render and encode a PNG still, at full quality whatever adaptive quality has lowered for live frames. */
export async function exportStill(handle: DreamSceneHandle, options: StillOptions): Promise<StillResult> {
  const start = performance.now()
  const still = await handle.atFullQuality(() => captureStill(handle, options))
  const rendered = performance.now()
  const blob = await encodePng(still)
  return { blob, width: still.width, height: still.height, renderMs: rendered - start, encodeMs: performance.now() - rendered }
}

export { downloadBlob, fileSlug } from './download'
