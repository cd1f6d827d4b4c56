/**
 * `dreamscape render <file|link> --video out.mp4 --duration 10 --fps 60 --size 1920x1080`: frame-exact video
 * drawn by headless Chromium through the same render page as stills (src/export/renderPage.tsx), served from
 * http://127.0.0.1 so WebCodecs' VideoEncoder exists (it needs a secure context). Progress, the time left and
 * the speed relative to real time go to stderr; the file is written only when every frame is in it.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, extname, resolve } from 'node:path'
import type { DreamDocument } from '../core/document'
import type { Journey } from '../core/journey'
import { formatDuration, frameVideoProblem, type FrameVideoProgress } from '../export/frameVideo'
import { fileSlug } from '../export/still'
import type { CommandContext } from './command'
import type { HeadlessRenderer } from './render'
import { terminalText } from './terminal'
import type { DecodedAudio } from '../modulation/audio/wav'
import { videoAudio } from './renderAudio'

export const VIDEO_OPTIONS = ['--video', '--duration', '--fps'] as const
export const DEFAULT_VIDEO = { duration: 10, fps: 30 }

export interface VideoRun {
  source: { document: DreamDocument; journey?: Journey }
  size: { width: number; height: number }
  /** Dream time of the first frame. */
  time: number
  /** Seconds to wait for any one frame before giving up. */
  timeout: number
  values: ReadonlyMap<string, string>
  context: Pick<CommandContext, 'out' | 'err'>
  start: () => Promise<HeadlessRenderer>
  /** `--audio`: the decoded track, analysed here at the video's frame times. */
  audio?: DecodedAudio
}

export async function runVideoRender({ source, size, time, timeout, values, context, start, audio }: VideoRun): Promise<number> {
  const duration = values.has('--duration') ? Number(values.get('--duration')) : DEFAULT_VIDEO.duration
  const fps = values.has('--fps') ? Number(values.get('--fps')) : DEFAULT_VIDEO.fps
  const problem = frameVideoProblem({ ...size, fps, duration })
  if (problem) {
    context.err(`dreamscape render: ${problem}`)
    return 2
  }
  const title = source.journey?.title ?? source.document.meta.title
  const out = values.get('--video') || `${fileSlug(title)}.mp4`
  const extension = extname(out).toLowerCase()
  if (extension !== '.mp4' && extension !== '.webm') {
    context.err(`dreamscape render: --video writes .mp4 or .webm files (got "${terminalText(out)}")`)
    return 2
  }
  const started = Date.now()
  let renderer: HeadlessRenderer | undefined
  let stalled: ReturnType<typeof setTimeout> | undefined
  let lastLine = 0
  try {
    renderer = await start()
    const running = renderer
    let progressHook: (progress: FrameVideoProgress) => void = () => {}
    // A frame that never finishes (a dreamscape too costly for this machine) cannot be interrupted from the
    // page: closing the browser is the only way out, after `timeout` seconds without a new frame.
    const watchdog = new Promise<never>((_, reject) => {
      const arm = () => {
        clearTimeout(stalled)
        stalled = setTimeout(() => reject(new Error(`no frame for ${timeout} s (--timeout); gave up and closed the browser`)), timeout * 1000)
      }
      arm()
      progressHook = (progress) => {
        arm()
        const now = Date.now()
        if (now - lastLine < 1000 && progress.frame < progress.frames) return
        lastLine = now
        const left = progress.remainingMs === undefined ? '' : `, about ${formatDuration(progress.remainingMs)} left`
        context.err(`frame ${progress.frame}/${progress.frames} (${Math.round(progress.fraction * 100)}%${left})`)
      }
    })
    const job = { document: source.document, journey: source.journey, ...size, fps, duration, start: time, container: extension === '.webm' ? ('webm' as const) : ('mp4' as const), audio: audio && videoAudio(audio, time, fps, duration) }
    const rendering = running.renderVideo(job, (progress) => progressHook(progress))
    rendering.catch(() => {}) // after the watchdog fires its rejection (the closed browser) is expected
    const result = await Promise.race([rendering, watchdog])
    const path = resolve(process.cwd(), out)
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, result.video)
    const speed = duration / (result.renderMs / 1000)
    context.out(
      `wrote ${terminalText(out)} (${size.width}x${size.height}, ${result.frames} frames at ${fps} fps = ${duration} s, ${result.codec}, ` +
        `${(result.video.length / 1048576).toFixed(1)} MB; rendered in ${(result.renderMs / 1000).toFixed(1)} s = ${speed >= 1 ? `${speed.toFixed(2)}x` : `1/${(1 / speed).toFixed(1)} of`} real time; drawing ${Math.round(result.drawMs / result.frames)} ms a frame, total ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    )
    return 0
  } catch (error) {
    context.err(`dreamscape render: ${terminalText(error instanceof Error ? error.message : String(error))}; nothing was written`)
    return 1
  } finally {
    clearTimeout(stalled)
    await renderer?.close().catch(() => {})
  }
}
