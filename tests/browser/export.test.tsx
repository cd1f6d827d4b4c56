import { afterAll, beforeAll, expect, test } from 'vitest'
import { commands } from 'vitest/browser'
import { createRoot, type ReconcilerRoot } from '@react-three/fiber'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { createDreamStore } from '../../src/core/dreamStore'
import { registry } from '../../src/layers'
import { DreamClock } from '../../src/scene/clock'
import { DreamScene, type DreamSceneHandle } from '../../src/scene/DreamScene'
import { captureStill, exportStill, stillSizeProblem } from '../../src/export/still'
import { canRecordVideo, recordVideo } from '../../src/export/video'
import { createSettler, meanDifference, pixelStats, readiness, unmountRoot } from './harness'
import { mountFixedSize } from '../../src/scene/fixedSizeRoot'
import { createQualityStore } from '../../src/scene/quality'

const VIEW = { width: 320, height: 180 }
let root: ReconcilerRoot<HTMLCanvasElement>
let canvas: HTMLCanvasElement
let handle: DreamSceneHandle

function dream(): DreamDocument {
  const doc = createDocument(registry, ['sky', 'nebula', 'stars', 'terrain', 'bloom', 'grain'], 11)
  return { ...doc, scene: { ...doc.scene, cameraMotion: 'still' } }
}

beforeAll(async () => {
  canvas = document.createElement('canvas')
  canvas.style.width = `${VIEW.width}px`
  canvas.style.height = `${VIEW.height}px`
  document.body.appendChild(canvas)
  root = createRoot(canvas)
  await root.configure({
    size: { ...VIEW, top: 0, left: 0 },
    dpr: 1,
    flat: true,
    frameloop: 'never',
    gl: { antialias: false },
  })
  const ready = new Promise<DreamSceneHandle>((resolve) => {
    root.render(
      <DreamScene
        store={createDreamStore(dream())}
        registry={registry}
        clock={new DreamClock({ pinned: 0 })}
        onReady={(h) => h && resolve(h)}
      />,
    )
  })
  handle = await ready
  handle.renderFrame() // compile every program before anything is timed
})

afterAll(async () => {
  await unmountRoot(canvas, () => root.unmount())
  canvas.remove()
})

/** Drive frames like the app does (the harness frame loop is manual): one per animation frame. */
function animate() {
  let running = true
  let frames = 0
  const step = () => {
    if (!running) return
    handle.renderFrame()
    frames++
    requestAnimationFrame(step)
  }
  requestAnimationFrame(step)
  return { stop: () => void (running = false), frames: () => frames }
}

async function decode(blob: Blob) {
  const bitmap = await createImageBitmap(blob)
  const surface = new OffscreenCanvas(bitmap.width, bitmap.height)
  const context = surface.getContext('2d')!
  context.drawImage(bitmap, 0, 0)
  const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data
  return { width: bitmap.width, height: bitmap.height, pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }
}

async function savePng(blob: Blob, name: string) {
  const url = await new Promise<string>((resolve) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result as string)
    reader.readAsDataURL(blob)
  })
  await commands.writeFile(`./__shots__/${name}.txt`, url)
}

test('size checks say what is wrong', () => {
  expect(stillSizeProblem(3840, 2160)).toBeUndefined()
  expect(stillSizeProblem(4096, 2160)).toMatch(/3840/)
  expect(stillSizeProblem(3840, 3840)).toMatch(/4K/)
  expect(stillSizeProblem(0, 10)).toMatch(/whole/)
  expect(stillSizeProblem(10.5, 10)).toMatch(/whole/)
})

test('a 1920x1080 PNG has the requested size and a real picture, whatever the canvas size', async () => {
  const start = performance.now()
  const result = await exportStill(handle, { width: 1920, height: 1080, time: 4 })
  console.log(`1920x1080 still: render ${result.renderMs.toFixed(0)} ms, encode ${result.encodeMs.toFixed(0)} ms, ${(result.blob.size / 1024).toFixed(0)} KiB, total ${(performance.now() - start).toFixed(0)} ms`)
  expect(result.blob.type).toBe('image/png')
  const image = await decode(result.blob)
  expect([image.width, image.height]).toEqual([1920, 1080])
  const stats = pixelStats(image.pixels)
  expect(stats.mean).toBeGreaterThan(3)
  expect(stats.colours).toBeGreaterThan(20)
  // the top (sky) and the bottom (terrain) differ: the whole frame was drawn, not a stretched corner
  const row = (y: number) => image.pixels.subarray(y * 1920 * 4, (y + 1) * 1920 * 4)
  expect(meanDifference(row(20), row(1060))).toBeGreaterThan(2)
  await savePng(result.blob, 'export-1920')
  // the live canvas went back to its own size
  expect([canvas.width, canvas.height]).toEqual([VIEW.width, VIEW.height])
})

test('a still is art: exported at full quality while adaptive quality has lowered the live frames', async () => {
  const doc = createDocument(registry, ['sky', 'nebula', 'clouds'], 3)
  const [, nebula, clouds] = doc.layers
  const quality = createQualityStore()
  const { onReady, ready } = readiness()
  const { probe, settle } = createSettler()
  const mounted = await mountFixedSize(
    96,
    54,
    <>
      <DreamScene store={createDreamStore({ ...doc, scene: { ...doc.scene, cameraMotion: 'still' } })} registry={registry} clock={new DreamClock({ pinned: 0 })} quality={quality} onReady={onReady} />
      {probe}
    </>,
  )
  try {
    const h = await ready
    const at = { width: 96, height: 54, time: 3 }
    const still = () => {
      const { pixels } = captureStill(h, at)
      return new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength)
    }
    const full = still()
    quality.setState({ level: 3, dpr: 1, overrides: new Map<string, Record<string, number>>([[nebula!.id, { octaves: 1 }], [clouds!.id, { steps: 4, octaves: 1 }]]) })
    await settle()
    const lowered = still()
    expect(meanDifference(full, lowered), 'the lowered knobs show').toBeGreaterThan(0.5)
    const exported = (await decode((await exportStill(h, at)).blob)).pixels
    expect(meanDifference(full, exported), 'the still matches full quality').toBeLessThan(0.1)
    // and the live frames are lowered again afterwards
    await settle()
    expect(meanDifference(lowered, still())).toBeLessThan(0.1)
  } finally {
    mounted.dispose()
  }
})

test('a small still matches the live render at the same size and time', async () => {
  const still = captureStill(handle, { width: VIEW.width, height: VIEW.height, time: 2.5 })
  handle.clock.pinned = 2.5
  handle.renderFrame()
  const context = handle.gl.getContext()
  const live = new Uint8Array(VIEW.width * VIEW.height * 4)
  context.readPixels(0, 0, VIEW.width, VIEW.height, context.RGBA, context.UNSIGNED_BYTE, live)
  // flip the live rows to compare with the top-down still; ignore alpha
  let diff = 0
  for (let y = 0; y < VIEW.height; y++)
    for (let x = 0; x < VIEW.width; x++)
      for (let c = 0; c < 3; c++) {
        const a = still.pixels[(y * VIEW.width + x) * 4 + c]!
        const b = live[((VIEW.height - 1 - y) * VIEW.width + x) * 4 + c]!
        diff += Math.abs(a - b)
      }
  expect(diff / (VIEW.width * VIEW.height * 3)).toBeLessThan(0.5)
  expect(pixelStats(new Uint8Array(still.pixels.buffer)).mean).toBeGreaterThan(3)
})

test('a 64x36 still at another time differs from one at time 0 (the pinned time is honoured)', async () => {
  const early = captureStill(handle, { width: 64, height: 36, time: 0 })
  const late = captureStill(handle, { width: 64, height: 36, time: 40 })
  const again = captureStill(handle, { width: 64, height: 36, time: 40 })
  expect([early.width, early.height, early.pixels.length]).toEqual([64, 36, 64 * 36 * 4])
  expect(meanDifference(new Uint8Array(early.pixels.buffer), new Uint8Array(late.pixels.buffer))).toBeGreaterThan(0.5)
  expect(meanDifference(new Uint8Array(late.pixels.buffer), new Uint8Array(again.pixels.buffer))).toBeLessThan(0.01)
})

test('stopping a recording early keeps what was recorded', async () => {
  const pump = animate()
  const abort = new AbortController()
  setTimeout(() => abort.abort(), 1200)
  try {
    const result = await recordVideo(canvas, { seconds: 20, signal: abort.signal })
    console.log(`stopped early: ${result.blob.size} bytes for ${result.seconds.toFixed(2)} s, ${pump.frames()} frames`)
    expect(result.seconds).toBeLessThan(3)
    expect(result.blob.size).toBeGreaterThan(0)
  } finally {
    pump.stop()
  }
})

test('a WebM recording of the canvas has the chosen length and reports progress', async () => {
  expect(canRecordVideo(canvas)).toBe(true)
  handle.clock.pinned = null
  const pump = animate()
  const progress: number[] = []
  const start = performance.now()
  try {
    const result = await recordVideo(canvas, { seconds: 1.5, fps: 30, onProgress: (p) => progress.push(p) })
    const wall = (performance.now() - start) / 1000
    console.log(`webm: ${result.mimeType}, ${result.blob.size} bytes for ${result.seconds.toFixed(2)} s (wall ${wall.toFixed(2)} s)`)
    expect(result.blob.type).toBe('video/webm')
    expect(result.blob.size).toBeGreaterThan(1000)
    expect(result.seconds).toBeGreaterThan(1.3)
    expect(wall).toBeGreaterThan(1.4)
    const head = new Uint8Array(await result.blob.slice(0, 4).arrayBuffer())
    expect([...head]).toEqual([0x1a, 0x45, 0xdf, 0xa3]) // EBML magic: a real WebM file
    expect(progress[0]).toBe(0)
    expect(progress.at(-1)).toBe(1)
    expect(progress.some((p) => p > 0.3 && p < 0.9)).toBe(true)
  } finally {
    pump.stop()
  }
})

test('the export panel saves a still of the chosen size and records with a progress bar', async () => {
  const { createRoot: createDomRoot } = await import('react-dom/client')
  const { ExportPanel } = await import('../../src/export/ExportPanel')
  const host = document.createElement('div')
  document.body.appendChild(host)
  const panel = createDomRoot(host)
  const saved: string[] = []
  const click = HTMLAnchorElement.prototype.click
  // capture downloads instead of letting the browser save them
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    saved.push(this.download)
  }
  const setValue = (label: string, value: string) => {
    const input = host.querySelector<HTMLInputElement>(`[aria-label="${label}"]`)!
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value)
    input.dispatchEvent(new Event('input', { bubbles: true }))
  }
  const button = (text: string) => [...host.querySelectorAll('button')].find((b) => b.textContent === text)!
  const pump = animate()
  try {
    panel.render(<ExportPanel handle={handle} title="Neoterra after curfew" />)
    await expect.poll(() => host.querySelector('[aria-label="width"]')).not.toBeNull()
    setValue('width', '5000')
    await expect.poll(() => host.textContent).toMatch(/at most 3840/)
    expect(button('Save PNG').disabled).toBe(true)
    setValue('width', '96')
    setValue('height', '54')
    setValue('dream time in seconds', '3')
    await expect.poll(() => button('Save PNG').disabled).toBe(false)
    button('Save PNG').click()
    await expect.poll(() => host.querySelector('[role="status"]')?.textContent ?? '', { timeout: 60_000 }).toMatch(/Saved 96×54 PNG/)
    expect(saved).toEqual(['neoterra-after-curfew-96x54-t3.0.png'])

    setValue('video length in seconds', '1')
    button('Record').click()
    await expect.poll(() => host.querySelector('progress')).not.toBeNull()
    await expect.poll(() => host.querySelector('[role="status"]')?.textContent ?? '', { timeout: 30_000 }).toMatch(/Saved 1\.0 s WebM/)
    expect(saved[1]).toBe('neoterra-after-curfew-1s.webm')
    expect(host.querySelector('progress')).toBeNull()
  } finally {
    pump.stop()
    HTMLAnchorElement.prototype.click = click
    panel.unmount()
    host.remove()
  }
})
