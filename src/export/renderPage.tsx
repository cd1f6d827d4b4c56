/**
 * The headless render page (render.html), driven by `dreamscape render` and scripts/thumbnails.mjs through
 * Chromium. It exposes `window.dreamRender(request)`: mount the document, render it at a pinned time and
 * return a PNG. Every request renders the same fixed sequence of frames, so the same request gives the
 * same bytes.
 */
import { mountFixedSize } from '../scene/fixedSizeRoot'
import type { DreamDocument } from '../core/document'
import { createDreamStore } from '../core/dreamStore'
import { registry } from '../layers'
import { DreamClock } from '../scene/clock'
import { DreamScene, type DreamSceneHandle } from '../scene/DreamScene'
import { exportStill, stillSizeProblem } from './still'

export interface RenderRequest {
  /** A document that already went through the preset loader (the CLI loads it in node). */
  document: DreamDocument
  width: number
  height: number
  /** Dream seconds. */
  time: number
}

export interface RenderResponse {
  /** base64 of the PNG file. */
  png: string
  width: number
  height: number
  renderMs: number
}

/** Frames drawn at the pinned time before the one that is read: programs compile, feedback effects settle. */
export const WARMUP_FRAMES = 1

declare global {
  interface Window {
    dreamRender?: (request: RenderRequest) => Promise<RenderResponse>
    dreamRenderReady?: boolean
  }
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

async function dreamRender({ document: doc, width, height, time }: RenderRequest): Promise<RenderResponse> {
  const problem = stillSizeProblem(width, height)
  if (problem) throw new Error(`cannot render ${width}×${height}: ${problem}`)
  if (!Number.isFinite(time) || time < 0) throw new Error('the time must be a number of seconds, 0 or more')
  const clock = new DreamClock({ pinned: time })
  let resolveHandle: (handle: DreamSceneHandle) => void = () => {}
  const ready = new Promise<DreamSceneHandle>((resolve) => (resolveHandle = resolve))
  const mounted = await mountFixedSize(
    width,
    height,
    <DreamScene store={createDreamStore(doc)} registry={registry} clock={clock} onReady={(h) => h && resolveHandle(h)} />,
  )
  try {
    const handle = await ready
    // object layers may build their meshes in effects: let React settle before the first frame
    await new Promise((resolve) => setTimeout(resolve, 0))
    const start = performance.now()
    for (let i = 0; i < WARMUP_FRAMES; i++) handle.renderFrame()
    const still = await exportStill(handle, { width, height, time })
    return { png: await toBase64(still.blob), width, height, renderMs: performance.now() - start }
  } finally {
    mounted.dispose()
  }
}

window.dreamRender = dreamRender
window.dreamRenderReady = true
