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
import { renderFrameVideo, type FrameVideoProgress, type VideoContainer } from './frameVideo'
import { journeyAt, type Journey } from '../core/journey'
import type { DreamLayer } from '../core/document'
import { createModulationInputs, type ModulationInputs } from '../modulation/inputs'
import { featuresAt, leadTimes, type AudioTrackFeatures } from '../modulation/audio/offline'
import { createModulator, type Modulator } from '../modulation/modulator'

export interface RenderRequest {
  /** A document that already went through the preset loader (the CLI loads it in node). */
  document: DreamDocument
  width: number
  height: number
  /** Dream seconds. */
  time: number
  /** Audio features analysed by the CLI (`--audio`): the audio sources read them instead of a live analyser. */
  audio?: AudioTrackFeatures
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

export interface VideoRenderRequest {
  /** The document (or, with `journey`, its first stop), already through the preset loader. */
  document: DreamDocument
  /** A journey renders as one continuous video: frame i shows the journey at start + i/fps. */
  journey?: Journey
  width: number
  height: number
  fps: number
  duration: number
  start?: number
  container?: VideoContainer
  /** Audio features per video frame (`--audio`), from `start` at `fps`. */
  audio?: AudioTrackFeatures
}

export interface VideoRenderResponse {
  /** base64 of the video file. */
  video: string
  mimeType: string
  codec: string
  frames: number
  renderMs: number
  drawMs: number
}

declare global {
  interface Window {
    dreamRender?: (request: RenderRequest) => Promise<RenderResponse>
    dreamRenderVideo?: (request: VideoRenderRequest) => Promise<VideoRenderResponse>
    /** Set by the CLI (page.exposeFunction) to hear about each frame. */
    dreamVideoProgress?: (progress: FrameVideoProgress) => void
    dreamRenderReady?: boolean
  }
}

async function toBase64(blob: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await blob.arrayBuffer()))
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

async function dreamRender({ document: doc, width, height, time, audio }: RenderRequest): Promise<RenderResponse> {
  const problem = stillSizeProblem(width, height)
  if (problem) throw new Error(`cannot render ${width}×${height}: ${problem}`)
  if (!Number.isFinite(time) || time < 0) throw new Error('the time must be a number of seconds, 0 or more')
  const clock = new DreamClock({ pinned: time })
  const sound = renderModulation(doc, audio)
  sound.at(time)
  let resolveHandle: (handle: DreamSceneHandle) => void = () => {}
  const ready = new Promise<DreamSceneHandle>((resolve) => (resolveHandle = resolve))
  const mounted = await mountFixedSize(
    width,
    height,
    <DreamScene store={createDreamStore(doc)} registry={registry} clock={clock} modulationInputs={sound.inputs} modulator={sound.modulator} onReady={(h) => h && resolveHandle(h)} />,
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

/**
 * What a render's modulation reads: the CLI's audio features at each frame's time (else every input at rest), and
 * a modulator whose smoothing runs on dream time. The frame loop hands it the wall-clock time between frames, which
 * differs from run to run; the step between frames' dream times does not, so the same request gives the same bytes.
 */
function renderModulation(doc: DreamDocument, audio: AudioTrackFeatures | undefined): { inputs: ModulationInputs; modulator: Modulator; at(time: number): void } {
  const inputs = createModulationInputs()
  const inner = createModulator()
  let last: number | null = null
  const at = (time: number) => {
    if (!audio) return
    featuresAt(audio, time, inputs.audio)
    inputs.audio.active = true
  }
  const modulator: Modulator = {
    update: (document, layers) => inner.update(document, layers),
    evaluate(time, _wallSeconds, current, dream) {
      const dt = last === null ? 0 : Math.max(0, time - last)
      last = time
      return inner.evaluate(time, dt, current, dream)
    },
    valueOf: (id) => inner.valueOf(id),
    get values() {
      return inner.values
    },
    get sums() {
      return inner.sums
    },
    get targets() {
      return inner.targets
    },
    get counts() {
      return inner.counts
    },
  }
  if (audio?.lead) {
    // the sources' attack and release run over the lead-in, as they would have in a video that started earlier
    inner.update(doc, registry)
    for (const time of leadTimes(audio)) {
      at(time)
      modulator.evaluate(time, 0, inputs, { night: 0, crash: 0 })
    }
  }
  return { inputs, modulator, at }
}

/** Layer ids and types in order: when they change between frames, React must mount or unmount layers. */
const structureOf = (layers: readonly DreamLayer[]) => layers.map((layer) => `${layer.id}:${layer.type}`).join(',')

async function dreamRenderVideo(request: VideoRenderRequest): Promise<VideoRenderResponse> {
  const { width, height, journey } = request
  const store = createDreamStore(journey ? journeyAt(journey, request.start ?? 0, registry) : request.document)
  const clock = new DreamClock({ pinned: request.start ?? 0 })
  const sound = renderModulation(store.getState().document, request.audio)
  sound.at(request.start ?? 0)
  let resolveHandle: (handle: DreamSceneHandle) => void = () => {}
  const ready = new Promise<DreamSceneHandle>((resolve) => (resolveHandle = resolve))
  const mounted = await mountFixedSize(width, height, <DreamScene store={store} registry={registry} clock={clock} modulationInputs={sound.inputs} modulator={sound.modulator} onReady={(h) => h && resolveHandle(h)} />, {
    preserveDrawingBuffer: false,
  })
  try {
    const handle = await ready
    await new Promise((resolve) => setTimeout(resolve, 0))
    for (let i = 0; i < WARMUP_FRAMES; i++) handle.renderFrame()
    const result = await renderFrameVideo(handle, {
      width,
      height,
      fps: request.fps,
      duration: request.duration,
      start: request.start,
      container: request.container,
      beforeFrame: async (time) => {
        sound.at(time)
        if (!journey) return
        const previous = store.getState().document
        const next = journeyAt(journey, time, registry)
        if (next === previous) return
        store.setState({ document: next })
        // a stop with other layers: let React mount them before the frame is drawn
        if (structureOf(next.layers) !== structureOf(previous.layers)) await new Promise((resolve) => setTimeout(resolve, 0))
      },
      onProgress: (progress) => window.dreamVideoProgress?.(progress),
    })
    return { video: bytesToBase64(result.bytes), mimeType: result.mimeType, codec: result.codec, frames: result.frames, renderMs: result.renderMs, drawMs: result.drawMs }
  } finally {
    mounted.dispose()
  }
}

window.dreamRender = dreamRender
window.dreamRenderVideo = dreamRenderVideo
window.dreamRenderReady = true
