/**
 * Video: record the live canvas as WebM through MediaRecorder for a chosen length, reporting progress.
 * The recording runs in real time (what you see is what you get, frame pacing included).
 */

export const MAX_VIDEO_SECONDS = 300

export interface RecordOptions {
  /** Length of the clip in seconds (1..MAX_VIDEO_SECONDS). */
  seconds: number
  fps?: number
  /** Target bitrate; sharp noise and grain need a generous one. */
  bitsPerSecond?: number
  /** Called with 0..1 several times a second. */
  onProgress?: (fraction: number) => void
  /** Abort to stop early: the clip recorded so far is kept. */
  signal?: AbortSignal
}

export interface VideoResult {
  blob: Blob
  mimeType: string
  /** Seconds actually recorded. */
  seconds: number
}

/** The best WebM flavour this browser records, or undefined when it records none. */
export function pickWebmType(): string | undefined {
  if (typeof MediaRecorder === 'undefined') return undefined
  return ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'].find((type) => MediaRecorder.isTypeSupported(type))
}

export function canRecordVideo(canvas?: HTMLCanvasElement): boolean {
  return pickWebmType() !== undefined && (!canvas || typeof canvas.captureStream === 'function')
}

/**
 * One capture stream per canvas and frame rate, kept for the canvas' lifetime: in Chromium a WebGL canvas
 * whose earlier capture track was stopped fed a second stream no frames (0-byte recordings). An idle
 * capture track costs nothing while no recorder consumes it.
 */
const streams = new WeakMap<HTMLCanvasElement, Map<number, MediaStream>>()
function captureStreamOf(canvas: HTMLCanvasElement, fps: number): MediaStream {
  let byRate = streams.get(canvas)
  if (!byRate) streams.set(canvas, (byRate = new Map()))
  let stream = byRate.get(fps)
  if (!stream || stream.getVideoTracks().every((track) => track.readyState === 'ended')) {
    stream = canvas.captureStream(fps)
    byRate.set(fps, stream)
  }
  return stream
}

export function recordVideo(canvas: HTMLCanvasElement, options: RecordOptions): Promise<VideoResult> {
  const mimeType = pickWebmType()
  if (!mimeType || typeof canvas.captureStream !== 'function')
    return Promise.reject(new Error('this browser cannot record WebM video from a canvas'))
  const seconds = Math.min(MAX_VIDEO_SECONDS, Math.max(0.5, Number.isFinite(options.seconds) ? options.seconds : 5))
  const fps = Math.min(60, Math.max(1, options.fps ?? 30))
  const stream = captureStreamOf(canvas, fps)
  const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: options.bitsPerSecond ?? 12_000_000 })
  const chunks: Blob[] = []

  return new Promise<VideoResult>((resolve, reject) => {
    let started = 0
    let timer: ReturnType<typeof setInterval> | undefined
    const elapsed = () => (started ? (performance.now() - started) / 1000 : 0)
    const finish = () => {
      if (recorder.state !== 'inactive') recorder.stop()
    }
    const onAbort = () => finish()

    recorder.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data)
    }
    recorder.onerror = () => {
      cleanup()
      reject(new Error('the video recorder failed'))
    }
    recorder.onstop = () => {
      const recorded = Math.min(seconds, elapsed())
      cleanup()
      options.onProgress?.(1)
      resolve({ blob: new Blob(chunks, { type: mimeType.split(';')[0] }), mimeType, seconds: recorded })
    }
    function cleanup() {
      clearInterval(timer)
      options.signal?.removeEventListener('abort', onAbort)
    }

    if (options.signal?.aborted) {
      cleanup()
      reject(new Error('recording cancelled'))
      return
    }
    options.signal?.addEventListener('abort', onAbort)
    recorder.start(500) // a chunk every half second: a long clip never sits in one giant buffer
    started = performance.now()
    // Ask for a frame every animation frame as well: Chromium's automatic capture of a WebGL canvas without
    // preserveDrawingBuffer was seen to deliver nothing to a second recorder.
    const track = stream.getVideoTracks()[0] as (MediaStreamTrack & { requestFrame?: () => void }) | undefined
    const nudge = () => {
      if (recorder.state !== 'recording') return
      track?.requestFrame?.()
      requestAnimationFrame(nudge)
    }
    requestAnimationFrame(nudge)
    options.onProgress?.(0)
    timer = setInterval(() => {
      const done = elapsed() / seconds
      if (done >= 1) finish()
      else options.onProgress?.(done)
    }, 100)
  })
}
