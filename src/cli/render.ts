/**
 * `dreamscape render <file|link> --out x.png --size WxH --time t`: a still rendered by Debian's Chromium
 * (headless, SwiftShader WebGL2) from render.html served by Vite, so it is drawn by exactly the scene code
 * the app runs. Same inputs, same bytes: the document is loaded here through the one loader, the page
 * renders a fixed sequence of frames at the pinned time, and nothing reads the wall clock.
 *
 * Node-only. `startHeadlessRenderer` keeps one server and one browser for many stills (the thumbnails).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { LayerRegistry } from '../core/defineLayer'
import type { DreamDocument } from '../core/document'
import { journeyAt, type Journey } from '../core/journey'
import { fileSlug, stillSizeProblem } from '../export/still'
import type { RenderRequest, RenderResponse, VideoRenderRequest, VideoRenderResponse } from '../export/renderPage'
import type { FrameVideoProgress } from '../export/frameVideo'
import { VIDEO_OPTIONS, runVideoRender } from './renderVideo'
import { startRenderPageServer } from './renderServer'
import { describeProblem } from '../preset/errors'
import { parseArgs, type Command, type CommandContext } from './command'
import { loadInput } from './inputs'
import { terminalText } from './terminal'
import { loadAudioTrack, stillAudio } from './renderAudio'
import type { AudioTrackFeatures } from '../modulation/audio/offline'
import type { DecodedAudio } from '../modulation/audio/wav'

export const CHROMIUM_ARGS = ['--no-sandbox', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist']
export const DEFAULT_SIZE = { width: 1280, height: 720 }

/** The package root (this file is src/cli/render.ts). */
const packageRoot = () => {
  try {
    return resolve(dirname(fileURLToPath(import.meta.url)), '../..')
  } catch {
    return process.cwd()
  }
}

export interface StillJob {
  document: DreamDocument
  width: number
  height: number
  time: number
  /** Per-frame audio features (`--audio`), analysed in node. */
  audio?: AudioTrackFeatures
}

export interface HeadlessRenderer {
  render(job: StillJob): Promise<{ png: Buffer; renderMs: number }>
  /** Frame-exact video (see src/export/frameVideo.ts); `onProgress` hears about every frame. */
  renderVideo(job: VideoRenderRequest, onProgress?: (progress: FrameVideoProgress) => void): Promise<Omit<VideoRenderResponse, 'video'> & { video: Buffer }>
  close(): Promise<void>
}

export interface HeadlessOptions {
  /** Chromium binary; default $CHROMIUM_PATH or /usr/bin/chromium. */
  executablePath?: string
  root?: string
  /** Progress lines (server start, browser launch). */
  log?: (text: string) => void
}

/** Starts Vite (serving render.html) and headless Chromium; `close()` stops both. */
export async function startHeadlessRenderer(options: HeadlessOptions = {}): Promise<HeadlessRenderer> {
  const root = options.root ?? packageRoot()
  const log = options.log ?? (() => {})
  const { chromium } = await import('playwright-core').catch(() => {
    throw new Error('rendering drives Chromium through playwright-core, which is not installed here: npm install playwright-core')
  })
  // Vite over the sources in this repository; the built page in an installed package (see renderServer.ts)
  const server = await startRenderPageServer(root)
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined
  try {
    const port = server.port
    log(`render server on port ${port} (${server.kind} page)`)
    browser = await chromium.launch({
      executablePath: options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
    })
    const page = await browser.newPage({ viewport: { width: 640, height: 360 }, deviceScaleFactor: 1 })
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text())
    })
    await page.goto(`http://127.0.0.1:${port}/render.html`, { waitUntil: 'load', timeout: 120_000 })
    // Vite may reload the page once after optimising dependencies: wait for the page that stays
    await page.waitForFunction(() => window.dreamRenderReady === true, undefined, { timeout: 120_000 })
    log('render page ready')
    const openBrowser = browser
    let videoProgress: ((progress: FrameVideoProgress) => void) | undefined
    await page.exposeFunction('dreamVideoProgress', (progress: FrameVideoProgress) => videoProgress?.(progress))
    return {
      async renderVideo(job, onProgress) {
        pageErrors.length = 0
        videoProgress = onProgress
        try {
          const response = await page.evaluate((req) => window.dreamRenderVideo!(req), job)
          return { ...response, video: Buffer.from(response.video, 'base64') }
        } catch (error) {
          const detail = pageErrors.length ? `\n${pageErrors.slice(0, 3).join('\n')}` : ''
          throw new Error(`${error instanceof Error ? error.message : String(error)}${detail}`)
        } finally {
          videoProgress = undefined
        }
      },
      async render(job) {
        const problem = stillSizeProblem(job.width, job.height)
        if (problem) throw new Error(`cannot render ${job.width}×${job.height}: ${problem}`)
        pageErrors.length = 0
        const request: RenderRequest = { document: job.document, width: job.width, height: job.height, time: job.time, audio: job.audio }
        let response: RenderResponse
        try {
          response = await page.evaluate((req) => window.dreamRender!(req), request)
        } catch (error) {
          const detail = pageErrors.length ? `\n${pageErrors.slice(0, 3).join('\n')}` : ''
          throw new Error(`${error instanceof Error ? error.message : String(error)}${detail}`)
        }
        // a shader that fails to compile draws nothing: refuse to write a blank "success"
        const shaderErrors = pageErrors.filter((text) => /shader error|WebGL:|GL_INVALID/i.test(text))
        if (shaderErrors.length) throw new Error(`the page reported WebGL errors:\n${shaderErrors.slice(0, 3).join('\n')}`)
        return { png: Buffer.from(response.png, 'base64'), renderMs: response.renderMs }
      },
      async close() {
        await openBrowser.close()
        await server.close()
      },
    }
  } catch (error) {
    await browser?.close().catch(() => {})
    await server.close().catch(() => {})
    throw error
  }
}

/** "1920x1080" / "1920×1080" -> sizes. */
export function parseSize(text: string): { width: number; height: number } | undefined {
  const match = /^(\d{1,5})\s*[x×X*]\s*(\d{1,5})$/.exec(text.trim())
  return match ? { width: Number(match[1]), height: Number(match[2]) } : undefined
}

type Source = { ok: true; document: DreamDocument; journey?: Journey; warnings: string[] } | { ok: false; message: string }

/** A file or a link (single dreamscape or journey) -> the document to render at `time`. */
export async function loadRenderSource(argument: string, time: number, registry: LayerRegistry, context: Pick<CommandContext, 'readFile' | 'stat'>): Promise<Source> {
  const input = await loadInput(argument, context, { registry })
  if (input.status === 'skipped') return { ok: false, message: `this is ${input.reason}.` }
  if (input.status === 'error') return { ok: false, message: describeProblem(input) }
  const warnings = input.warnings.map(describeProblem)
  if (input.kind === 'document') return { ok: true, document: input.document, warnings }
  return { ok: true, journey: input.journey, document: journeyAt(input.journey, time, registry), warnings }
}

export const DEFAULT_TIMEOUT_SECONDS = 120

/** Whether a document has an audio modulation source (else `--audio` has nothing to drive). */
export function usesAudio(document: DreamDocument): boolean {
  const modulation = (document as { modulation?: { sources?: readonly { type: string }[] } }).modulation
  return modulation?.sources?.some((source) => source.type === 'audio') ?? false
}

export class RenderTimeoutError extends Error {
  override readonly name = 'RenderTimeoutError'
}

/**
 * Starts a renderer, draws one still and closes the renderer, giving up on the drawing after `timeoutMs`.
 * A costly dreamscape can keep the page inside one frame for minutes and no script can interrupt it, so
 * giving up means closing the browser; it is closed whatever happens when this returns. Start-up is not
 * counted: it does not depend on the dreamscape, and its steps have limits of their own (page load 120 s).
 */
export async function renderWithin(start: () => Promise<HeadlessRenderer>, job: StillJob, timeoutMs: number) {
  const renderer = await start()
  const drawing = renderer.render(job)
  drawing.catch(() => {}) // after a timeout its rejection (the closed browser) is expected and nobody waits for it
  let timer: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RenderTimeoutError(`gave up after ${timeoutMs / 1000} s of drawing`)), timeoutMs)
  })
  try {
    return await Promise.race([drawing, expired])
  } finally {
    clearTimeout(timer)
    await renderer.close().catch(() => {})
  }
}

export const renderCommand: Command = {
  usage: '<file|link> [--out x.png | --video x.mp4 --duration s --fps n] [--size WxH] [--time t] [--audio x.wav] [--timeout s]',
  summary: 'render a still PNG with headless Chromium',
  help: [
    'Renders a preset file, share link or journey link to a PNG, drawn by the same scene code as the app,',
    'in Debian Chromium (headless, software WebGL2). The same inputs always give the same bytes.',
    '',
    '  --out <file>   where to write the PNG (default: <title>.png)',
    `  --size WxH     pixels, up to 3840x2160 (default ${DEFAULT_SIZE.width}x${DEFAULT_SIZE.height})`,
    '  --time <s>     dream seconds to pin the clock at; for a journey, also the journey time (default 0)',
    `  --timeout <s>  give up drawing (and close the browser) after this many seconds (default ${DEFAULT_TIMEOUT_SECONDS})`,
    '  --audio <wav>  drive the audio modulation sources from this WAV file (PCM or float), analysed offline',
    '                 frame by frame at the frames\' dream times (t seconds into the track): same track, same bytes',
    '',
    'Frame-exact video instead of a still (every frame drawn at its own dream time, not in real time):',
    '  --video <file>    .mp4 (H.264, else VP9/AV1) or .webm (VP9, else AV1); --time is the first frame\'s time',
    '  --duration <s>    seconds of video (default 10); the file holds exactly duration x fps frames',
    '  --fps <n>         frames per second (default 30); --timeout then limits the wait for each frame',
    '',
    'CHROMIUM_PATH selects the browser (default /usr/bin/chromium).',
  ].join('\n'),
  async run(args, context) {
    const { values, flags, positional } = parseArgs(args, ['--out', '--size', '--time', '--timeout', '--audio', ...VIDEO_OPTIONS])
    if (positional.length !== 1) {
      context.err('dreamscape render: give exactly one preset file or link')
      return 2
    }
    const size = values.has('--size') ? parseSize(values.get('--size')!) : DEFAULT_SIZE
    if (!size) {
      context.err(`dreamscape render: --size takes WIDTHxHEIGHT, like 1920x1080 (got "${terminalText(values.get('--size')!)}")`)
      return 2
    }
    const sizeProblem = stillSizeProblem(size.width, size.height)
    if (sizeProblem) {
      context.err(`dreamscape render: ${sizeProblem}`)
      return 2
    }
    const time = values.has('--time') ? Number(values.get('--time')) : 0
    if (!Number.isFinite(time) || time < 0) {
      context.err('dreamscape render: --time takes a number of seconds, 0 or more')
      return 2
    }
    const timeout = values.has('--timeout') ? Number(values.get('--timeout')) : DEFAULT_TIMEOUT_SECONDS
    if (!Number.isFinite(timeout) || timeout <= 0) {
      context.err('dreamscape render: --timeout takes a number of seconds, more than 0')
      return 2
    }
    const source = await loadRenderSource(positional[0]!, time, context.registry, context)
    if (!source.ok) {
      context.err(`dreamscape render: ${terminalText(source.message)}`)
      return 1
    }
    for (const warning of source.warnings) context.err(`warning: ${terminalText(warning)}`)
    let audio: DecodedAudio | undefined
    if (values.has('--audio') || flags.has('--audio')) {
      const path = values.get('--audio')
      if (!path) {
        context.err('dreamscape render: --audio takes a WAV file, like --audio track.wav')
        return 2
      }
      try {
        audio = await loadAudioTrack(path)
      } catch (error) {
        context.err(`dreamscape render: ${terminalText(error instanceof Error ? error.message : String(error))}`)
        return 1
      }
      if (!usesAudio(source.document) && !source.journey) context.err('warning: this dreamscape has no audio source: --audio changes nothing')
    }
    if (values.has('--video')) return runVideoRender({ source, size, time, timeout, values, context, audio, start: () => startHeadlessRenderer() })
    const out = values.get('--out') ?? `${fileSlug(source.journey?.title ?? source.document.meta.title)}.png`
    const started = Date.now()
    try {
      const job = { document: source.document, ...size, time, audio: audio && stillAudio(audio, time) }
      const { png, renderMs } = await renderWithin(() => startHeadlessRenderer(), job, timeout * 1000)
      const path = resolve(process.cwd(), out)
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, png)
      context.out(`wrote ${terminalText(out)} (${size.width}x${size.height}, t=${time}s, ${Math.round(png.length / 1024)} KiB; frame ${Math.round(renderMs)} ms, total ${((Date.now() - started) / 1000).toFixed(1)} s)`)
      return 0
    } catch (error) {
      if (error instanceof RenderTimeoutError)
        context.err(
          `dreamscape render: ${error.message} (--timeout ${timeout}); the browser was closed and nothing was written. ` +
            'This dreamscape may be too costly to draw at this size here: try a smaller --size, or a longer --timeout.',
        )
      else context.err(`dreamscape render: ${terminalText(error instanceof Error ? error.message : String(error))}`)
      return 1
    }
  },
}
