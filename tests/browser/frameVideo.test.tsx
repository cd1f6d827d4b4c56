/**
 * Frame-exact video (src/export/frameVideo.ts) in real Chromium: WebCodecs encoding, mediabunny muxing, and
 * mediabunny's demuxer reading the file back. The file must hold exactly duration x fps frames, frame k must
 * be the picture at dream time k/fps (compared with a still rendered at that time), and two renders of the
 * same document must decode to the same frames (or within a PSNR that the test measures and prints).
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createRoot, type ReconcilerRoot } from '@react-three/fiber'
import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input, VideoSampleSink } from 'mediabunny'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { createDreamStore } from '../../src/core/dreamStore'
import { registry } from '../../src/layers'
import { DreamClock } from '../../src/scene/clock'
import { DreamScene, type DreamSceneHandle } from '../../src/scene/DreamScene'
import { captureStill } from '../../src/export/still'
import { codecCandidates, renderFrameVideo, type FrameVideoProgress } from '../../src/export/frameVideo'
import { unmountRoot } from './harness'

const VIEW = { width: 320, height: 180 }
const VIDEO = { width: 256, height: 144, fps: 12, duration: 1.5 }
let root: ReconcilerRoot<HTMLCanvasElement>
let canvas: HTMLCanvasElement
let handle: DreamSceneHandle

function dream(): DreamDocument {
  // a fast-drifting nebula over a still camera: frames half a second apart differ clearly
  const doc = createDocument(registry, ['sky', 'nebula', 'stars'], 5)
  const layers = doc.layers.map((layer) => (layer.type === 'nebula' ? { ...layer, params: { ...layer.params, drift: 0.5, warp: 1.5 } } : layer))
  return { ...doc, layers, scene: { ...doc.scene, cameraMotion: 'still', speed: 3 } }
}

beforeAll(async () => {
  canvas = document.createElement('canvas')
  canvas.style.width = `${VIEW.width}px`
  canvas.style.height = `${VIEW.height}px`
  document.body.appendChild(canvas)
  root = createRoot(canvas)
  await root.configure({ size: { ...VIEW, top: 0, left: 0 }, dpr: 1, flat: true, frameloop: 'never', gl: { antialias: false } })
  handle = await new Promise<DreamSceneHandle>((resolve) => {
    root.render(<DreamScene store={createDreamStore(dream())} registry={registry} clock={new DreamClock({ pinned: 0 })} onReady={(h) => h && resolve(h)} />)
  })
  handle.renderFrame()
})

afterAll(async () => {
  await unmountRoot(canvas, () => root.unmount())
  canvas.remove()
})

/** Every decoded frame as RGBA, in presentation order, plus the packet count and codec from the demuxer. */
async function readVideo(bytes: Uint8Array) {
  const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS })
  const track = (await input.getPrimaryVideoTrack())!
  const sink = new EncodedPacketSink(track)
  let packets = 0
  for (let packet = await sink.getFirstPacket(); packet; packet = await sink.getNextPacket(packet)) packets++
  const frames: Uint8ClampedArray[] = []
  const timestamps: number[] = []
  const surface = new OffscreenCanvas(track.displayWidth, track.displayHeight)
  const context = surface.getContext('2d', { willReadFrequently: true })!
  for await (const sample of new VideoSampleSink(track).samples()) {
    timestamps.push(sample.timestamp)
    const frame = sample.toVideoFrame()
    context.drawImage(frame, 0, 0)
    frame.close()
    sample.close()
    frames.push(context.getImageData(0, 0, surface.width, surface.height).data)
  }
  return { packets, frames, timestamps, codec: track.codec, width: track.displayWidth, height: track.displayHeight, duration: await track.computeDuration() }
}

/** Peak signal-to-noise ratio over RGB, in dB (Infinity for identical pictures). */
function psnr(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let sum = 0
  let count = 0
  for (let i = 0; i < a.length; i += 4)
    for (let c = 0; c < 3; c++) {
      const d = a[i + c]! - b[i + c]!
      sum += d * d
      count++
    }
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255) / (sum / count))
}

test('codec candidates: H.264 at a level that fits, then VP9 and AV1; WebM gets no H.264', () => {
  expect(codecCandidates(1920, 1080, 30, 'mp4')[0]!.codec).toBe('avc1.640028')
  expect(codecCandidates(1920, 1080, 60, 'mp4')[0]!.codec).toBe('avc1.64002a')
  expect(codecCandidates(1280, 720, 30, 'mp4').map((c) => c.codec)).toContain('avc1.42001f')
  expect(codecCandidates(1280, 720, 30, 'webm').every((c) => c.mux !== 'avc')).toBe(true)
})

test('the file holds exactly duration x fps frames, each the picture at its own dream time; two renders agree', async () => {
  const progress: FrameVideoProgress[] = []
  const first = await renderFrameVideo(handle, { ...VIDEO, onProgress: (p) => progress.push(p) })
  const second = await renderFrameVideo(handle, VIDEO)
  const expected = Math.round(VIDEO.duration * VIDEO.fps)
  expect(first.frames).toBe(expected)
  expect(first.mimeType).toMatch(/^video\/mp4/)
  expect(progress.length).toBe(expected)
  expect(progress.at(-1)!.fraction).toBe(1)
  expect(progress.at(-1)!.remainingMs).toBe(0)

  const a = await readVideo(first.bytes)
  const b = await readVideo(second.bytes)
  console.log(`frame video: ${first.codec} (${a.codec}), ${a.width}x${a.height}, ${a.packets} packets, ${a.frames.length} decoded frames, ${a.duration.toFixed(3)} s, ${first.bytes.length} bytes, ${first.renderMs.toFixed(0)} ms`)
  expect(a.packets).toBe(expected)
  expect(a.frames.length).toBe(expected)
  expect([a.width, a.height]).toEqual([VIDEO.width, VIDEO.height])
  expect(a.duration).toBeCloseTo(VIDEO.duration, 2)
  a.timestamps.forEach((t, k) => expect(t).toBeCloseTo(k / VIDEO.fps, 3))

  // two renders of the same document: identical frames, or say how close they are
  const between = a.frames.map((frame, k) => psnr(frame, b.frames[k]!))
  const identical = between.filter((value) => value === Infinity).length
  console.log(`two renders: ${identical}/${expected} frames identical after decoding; lowest PSNR ${Math.min(...between).toFixed(1)} dB; byte-identical files: ${first.bytes.every((byte, i) => byte === second.bytes[i]) && first.bytes.length === second.bytes.length}`)
  expect(Math.min(...between)).toBeGreaterThanOrEqual(45)

  // frame-exact: frame k is the still at dream time k / fps (up to compression), not a frame half a second away
  const away = Math.round(VIDEO.fps / 2)
  for (const k of [0, 7, expected - 1]) {
    const still = captureStill(handle, { width: VIDEO.width, height: VIDEO.height, time: k / VIDEO.fps })
    const own = psnr(a.frames[k]!, still.pixels)
    const other = psnr(a.frames[k >= away ? k - away : k + away]!, still.pixels)
    console.log(`frame ${k}: PSNR vs the still at its time ${own.toFixed(1)} dB, vs the frame 0.5 s away ${other.toFixed(1)} dB`)
    expect(own).toBeGreaterThan(30)
    expect(own).toBeGreaterThan(other + 3)
  }
  // the live canvas went back to its own size
  expect([canvas.width, canvas.height]).toEqual([VIEW.width, VIEW.height])
})

test('cancel: the promise rejects with an AbortError after the current frame and the canvas is restored', async () => {
  const abort = new AbortController()
  const rendering = renderFrameVideo(handle, {
    ...VIDEO,
    duration: 10,
    signal: abort.signal,
    onProgress: (p) => p.frame === 3 && abort.abort(),
  })
  await expect(rendering).rejects.toMatchObject({ name: 'AbortError' })
  expect([canvas.width, canvas.height]).toEqual([VIEW.width, VIEW.height])
})

test('refuses odd sizes and silly rates in a sentence', async () => {
  await expect(renderFrameVideo(handle, { ...VIDEO, width: 255 })).rejects.toThrow(/even/)
  await expect(renderFrameVideo(handle, { ...VIDEO, fps: 0 })).rejects.toThrow(/frame rate/)
  await expect(renderFrameVideo(handle, { ...VIDEO, duration: 0 })).rejects.toThrow(/duration/)
})

test('the Art panel renders a frame-exact video with progress and a time-left estimate, and cancels', async () => {
  const { createRoot: createDomRoot } = await import('react-dom/client')
  const { ExportPanel } = await import('../../src/export/ExportPanel')
  const host = document.createElement('div')
  document.body.appendChild(host)
  const panel = createDomRoot(host)
  const saved: string[] = []
  const click = HTMLAnchorElement.prototype.click
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    saved.push(this.download)
  }
  const button = (text: string) => [...host.querySelectorAll('button')].find((b) => b.textContent === text)
  try {
    panel.render(<ExportPanel handle={handle} title="Aurora lake" />)
    await expect.poll(() => button('Render video')).toBeDefined()
    const length = host.querySelector<HTMLInputElement>('[aria-label="frame-exact video length in seconds"]')!
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(length, '20')
    length.dispatchEvent(new Event('input', { bubbles: true }))
    await expect.poll(() => length.value).toBe('20')
    button('Render video')!.click()
    await expect.poll(() => host.querySelector('[aria-label="video rendering progress"]')).not.toBeNull()
    // 600 frames at 1280x720: the estimate appears after a few frames, long before the end
    await expect.poll(() => host.textContent ?? '', { timeout: 60_000 }).toMatch(/frame \d+ of 600, about .* left/)
    button('Cancel')!.click()
    await expect.poll(() => host.querySelector('[role="status"]')?.textContent ?? '', { timeout: 30_000 }).toMatch(/cancelled; nothing was saved/)
    expect(saved).toEqual([])
    expect([canvas.width, canvas.height]).toEqual([VIEW.width, VIEW.height])
  } finally {
    HTMLAnchorElement.prototype.click = click
    panel.unmount()
    host.remove()
  }
})
