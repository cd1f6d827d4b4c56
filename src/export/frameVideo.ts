/**
 * Frame-exact video: every frame rendered at its own dream time on a fixed timestep (frame i at start + i/fps),
 * not in real time, so a slow machine takes longer but drops nothing and the file shows exactly what the
 * document describes. Frames go straight from the WebGL canvas into WebCodecs' VideoEncoder (H.264 where the
 * browser has it, else VP9, else AV1) and are muxed by mediabunny, which is imported only when a video is made
 * (the viewer bundle does not carry it).
 *
 * VideoEncoder exists only in secure contexts (https, http://localhost or 127.0.0.1).
 */
import type { DreamSceneHandle } from '../scene/DreamScene'
import { maxRenderableSide, sizeForCapture, stillSizeProblem } from './still'

export const MAX_FRAME_VIDEO_SECONDS = 600
export const FRAME_VIDEO_RATES = [24, 25, 30, 50, 60] as const

export type VideoContainer = 'mp4' | 'webm'

export interface FrameVideoOptions {
  width: number
  height: number
  /** Frames per second (1..120). */
  fps: number
  /** Seconds of video: the file holds exactly round(duration * fps) frames. */
  duration: number
  /** Dream time of the first frame (default 0). */
  start?: number
  /** 'mp4' (default; H.264, else VP9 or AV1 inside MP4) or 'webm' (VP9, else AV1). */
  container?: VideoContainer
  /** Bits per second; default about 0.12 bit per pixel per frame (grain and stars need a generous rate). */
  bitrate?: number
  /** Called before frame i is drawn, with its dream time: journeys swap the document here. */
  beforeFrame?: (time: number, index: number) => void | Promise<void>
  onProgress?: (progress: FrameVideoProgress) => void
  /** Abort to cancel: the promise rejects with an AbortError and nothing is kept. */
  signal?: AbortSignal
}

export interface FrameVideoProgress {
  frame: number
  frames: number
  /** 0..1 */
  fraction: number
  elapsedMs: number
  /** Estimated milliseconds left, from the average frame so far; undefined until a few frames are done. */
  remainingMs: number | undefined
}

export interface FrameVideoResult {
  bytes: Uint8Array
  mimeType: string
  /** The WebCodecs codec string used, like 'avc1.640028'. */
  codec: string
  frames: number
  width: number
  height: number
  fps: number
  /** Wall-clock milliseconds for rendering and encoding everything. */
  renderMs: number
  /** Of which drawing the frames and handing them to the encoder (the rest: waiting for the encoder, muxing). */
  drawMs: number
}

type MuxCodec = 'avc' | 'vp9' | 'av1'

/** H.264 levels by the macroblocks per frame and per second they allow (High profile, then Baseline). */
const AVC_LEVELS = [
  { level: 0x1f, frame: 3600, rate: 108000 }, // 3.1: 1280x720@30
  { level: 0x20, frame: 5120, rate: 216000 }, // 3.2: 1280x720@60
  { level: 0x28, frame: 8192, rate: 245760 }, // 4.0: 1920x1080@30
  { level: 0x2a, frame: 8704, rate: 522240 }, // 4.2: 1920x1080@60
  { level: 0x32, frame: 22080, rate: 589824 }, // 5.0
  { level: 0x33, frame: 36864, rate: 983040 }, // 5.1: 3840x2160@30
  { level: 0x34, frame: 36864, rate: 2073600 }, // 5.2: 3840x2160@60
]

const hex = (value: number) => value.toString(16).padStart(2, '0')

/** Codec strings to try, best first, for this size, rate and container. */
export function codecCandidates(width: number, height: number, fps: number, container: VideoContainer): { codec: string; mux: MuxCodec }[] {
  const macroblocks = Math.ceil(width / 16) * Math.ceil(height / 16)
  const level = AVC_LEVELS.find((l) => macroblocks <= l.frame && macroblocks * fps <= l.rate)?.level ?? 0x34
  const avc: { codec: string; mux: MuxCodec }[] = [
    // High profile at the lowest level that fits (avc1.640028 is Full HD at 30 fps), then Constrained Baseline
    { codec: `avc1.6400${hex(Math.max(level, 0x28))}`, mux: 'avc' },
    { codec: `avc1.6400${hex(level)}`, mux: 'avc' },
    { codec: `avc1.4200${hex(Math.max(level, 0x1f))}`, mux: 'avc' },
  ]
  const open: { codec: string; mux: MuxCodec }[] = [
    { codec: 'vp09.00.40.08', mux: 'vp9' },
    { codec: 'vp09.00.10.08', mux: 'vp9' },
    { codec: 'av01.0.08M.08', mux: 'av1' },
    { codec: 'av01.0.04M.08', mux: 'av1' },
  ]
  const all = container === 'mp4' ? [...avc, ...open] : open
  return all.filter((candidate, i) => all.findIndex((other) => other.codec === candidate.codec) === i)
}

export function canEncodeVideo(): boolean {
  return typeof VideoEncoder !== 'undefined' && typeof VideoFrame !== 'undefined'
}

/** The first codec this browser's VideoEncoder accepts for the job. */
export async function pickVideoCodec(config: Omit<VideoEncoderConfig, 'codec'>, container: VideoContainer): Promise<{ codec: string; mux: MuxCodec } | undefined> {
  if (!canEncodeVideo()) return undefined
  for (const candidate of codecCandidates(config.width, config.height, config.framerate ?? 30, container)) {
    try {
      const support = await VideoEncoder.isConfigSupported({ ...config, codec: candidate.codec })
      if (support.supported) return candidate
    } catch {
      // a malformed or unknown codec string: try the next
    }
  }
  return undefined
}

/** Checks a video request and says what is wrong in a sentence (panel and CLI). */
export function frameVideoProblem(options: Pick<FrameVideoOptions, 'width' | 'height' | 'fps' | 'duration'>): string | undefined {
  const size = stillSizeProblem(options.width, options.height)
  if (size) return size
  if (options.width % 2 || options.height % 2) return 'video width and height must be even numbers of pixels'
  if (!Number.isFinite(options.fps) || options.fps < 1 || options.fps > 120) return 'the frame rate must be between 1 and 120 frames per second'
  if (!Number.isFinite(options.duration) || options.duration <= 0 || options.duration > MAX_FRAME_VIDEO_SECONDS)
    return `the duration must be more than 0 and at most ${MAX_FRAME_VIDEO_SECONDS} seconds`
  return undefined
}

const abortError = () => new DOMException('The video export was cancelled.', 'AbortError')

/**
 * Render `duration * fps` frames on a fixed timestep and encode them. The live view pauses on the export's
 * frames while this runs (the canvas is sized for the video) and returns to its own size and time afterwards.
 */
export async function renderFrameVideo(handle: DreamSceneHandle, options: FrameVideoOptions): Promise<FrameVideoResult> {
  const problem = frameVideoProblem(options)
  if (problem) throw new Error(`cannot export this video: ${problem}`)
  const { width, height, fps } = options
  const maxSide = maxRenderableSide(handle)
  if (width > maxSide || height > maxSide) throw new Error(`cannot export ${width}×${height}: this GPU renders at most ${maxSide} pixels a side`)
  if (!canEncodeVideo()) throw new Error('this browser has no WebCodecs video encoder (it needs a recent Chromium, Edge or Safari, over https)')
  const container = options.container ?? 'mp4'
  const frames = Math.round(options.duration * fps)
  const start = options.start ?? 0
  const bitrate = options.bitrate ?? Math.min(60_000_000, Math.max(1_000_000, Math.round(width * height * fps * 0.12)))
  const baseConfig = { width, height, bitrate, framerate: fps, latencyMode: 'quality', alpha: 'discard' } as const
  const chosen = await pickVideoCodec(baseConfig, container)
  if (!chosen) throw new Error(`this browser cannot encode ${width}×${height} video at ${fps} fps (no H.264, VP9 or AV1 encoder accepted it)`)
  options.signal?.throwIfAborted()

  const mb = await import('mediabunny')
  const target = new mb.BufferTarget()
  const output = new mb.Output({
    format: container === 'mp4' ? new mb.Mp4OutputFormat({ fastStart: 'in-memory' }) : new mb.WebMOutputFormat(),
    target,
  })
  const source = new mb.EncodedVideoPacketSource(chosen.mux)
  output.addVideoTrack(source, { frameRate: fps })
  await output.start()

  // Encoder output goes to the muxer in order; the first failure stops everything.
  let failure: unknown
  let muxing: Promise<void> = Promise.resolve()
  const encoder = new VideoEncoder({
    output: (chunk, meta) => {
      const packet = mb.EncodedPacket.fromEncodedChunk(chunk)
      muxing = muxing.then(() => source.add(packet, meta)).catch((error) => void (failure ??= error))
    },
    error: (error) => void (failure ??= error),
  })
  encoder.configure({ ...baseConfig, codec: chosen.codec, ...(chosen.mux === 'avc' ? { avc: { format: 'avc' } } : {}) })

  const { gl, clock } = handle
  const began = performance.now()
  const keyEvery = Math.max(1, Math.round(fps * 2)) // a key frame every 2 s: seekable without bloating the file
  const frameMicros = 1_000_000 / fps
  let drawMs = 0
  const restore = sizeForCapture(handle, width, height)
  try {
    for (let index = 0; index < frames; index++) {
      if (options.signal?.aborted) throw abortError()
      if (failure) throw failure
      const time = start + index / fps
      await options.beforeFrame?.(time, index)
      // Full quality (adaptive quality may have lowered knobs for live frames); drawn and captured in one task,
      // while the drawing buffer still holds the frame.
      await handle.atFullQuality(() => {
        const drawStart = performance.now()
        clock.pinned = time
        handle.renderFrame()
        gl.setRenderTarget(null)
        const timestamp = Math.round(index * frameMicros)
        const frame = new VideoFrame(gl.domElement, { timestamp, duration: Math.round((index + 1) * frameMicros) - timestamp, alpha: 'discard' })
        try {
          encoder.encode(frame, { keyFrame: index % keyEvery === 0 })
        } finally {
          frame.close()
          drawMs += performance.now() - drawStart
        }
      })
      // Backpressure: let the encoder drain (and the page breathe: progress, cancel) before the next frame.
      while (encoder.encodeQueueSize > 2) await new Promise((resolve) => encoder.addEventListener('dequeue', resolve, { once: true }))
      if (index % 4 === 3) await new Promise((resolve) => setTimeout(resolve, 0))
      const elapsedMs = performance.now() - began
      const done = index + 1
      options.onProgress?.({ frame: done, frames, fraction: done / frames, elapsedMs, remainingMs: done >= 3 ? (elapsedMs / done) * (frames - done) : undefined })
    }
    await encoder.flush()
    await muxing
    if (failure) throw failure
    await output.finalize()
  } catch (error) {
    if (encoder.state !== 'closed') encoder.close()
    await output.cancel().catch(() => {})
    throw error
  } finally {
    if (encoder.state !== 'closed') encoder.close()
    restore()
  }
  const buffer = target.buffer
  if (!buffer) throw new Error('the video file is empty')
  return {
    bytes: new Uint8Array(buffer),
    mimeType: await output.getMimeType(),
    codec: chosen.codec,
    frames,
    width,
    height,
    fps,
    renderMs: performance.now() - began,
    drawMs,
  }
}

/** "1 min 20 s", "45 s": for the time left. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`
}
