/**
 * The viewer in real Chromium: every built-in preset's share link opens and draws a dream, broken links get
 * the error page, and "Remix in editor" carries exactly the same document to the editor.
 */
import type { RootState } from '@react-three/fiber'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createDocument } from '../../src/core/document'
import { setMeta, setScene } from '../../src/core/documentOps'
import { registry } from '../../src/layers'
import { PRESET_LIMITS } from '../../src/preset/limits'
import { createJourney } from '../../src/core/journey'
import { encodeJourneyLink } from '../../src/preset/journeyLink'
import { decodeLink, encodeLink, encodeLinkJson } from '../../src/preset/link'
import { loadPreset } from '../../src/preset/load'
import { pageBase, parseRoute } from '../../src/routes'
import { mountViewer, type ViewerHandle, type ViewerOptions } from '../../src/viewer'
import { OVERLAY_IDLE_MS } from '../../src/viewer/ViewerApp'
import { meanDifference, pixelStats, unmountRoot } from './harness'

const WIDTH = 320
const HEIGHT = 180

const presetFiles = Object.entries(import.meta.glob<unknown>('../../presets/*.json', { eager: true, import: 'default' }))
  .filter(([path]) => !path.endsWith('.schema.json'))
  .map(([path, json]) => [path.replace(/^.*\//, ''), json] as const)

let errors: string[] = []
const onWindowError = (event: ErrorEvent) => errors.push(`window error: ${event.message}`)
const onRejection = (event: PromiseRejectionEvent) => errors.push(`unhandled rejection: ${String(event.reason)}`)
let mounted: { root: HTMLElement; handle: ViewerHandle }[] = []

beforeEach(() => {
  errors = []
  const original = console.error
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    errors.push(args.map(String).join(' '))
    original(...args)
  })
  window.addEventListener('error', onWindowError)
  window.addEventListener('unhandledrejection', onRejection)
})

afterEach(async () => {
  for (const { root, handle } of mounted) {
    const canvas = root.querySelector('canvas')
    await (canvas ? unmountRoot(canvas, () => handle.unmount()) : handle.unmount())
    root.remove()
  }
  mounted = []
  window.removeEventListener('error', onWindowError)
  window.removeEventListener('unhandledrejection', onRejection)
  vi.restoreAllMocks()
})

function open(payload: string, options: ViewerOptions = {}, journey = false) {
  const root = document.createElement('div')
  root.style.cssText = `position: relative; width: ${WIDTH}px; height: ${HEIGHT}px;`
  document.body.appendChild(root)
  let resolveState: (state: RootState) => void = () => {}
  const created = new Promise<RootState>((resolve) => (resolveState = resolve))
  const handle = mountViewer(root, { name: 'viewer', payload, journey }, {
    reducedMotion: false,
    preserveDrawingBuffer: true,
    ...options,
    onCreated: (state) => resolveState(state),
  })
  mounted.push({ root, handle })
  return { root, handle, created }
}

/** The canvas' current picture (preserveDrawingBuffer keeps it readable between frames). */
function readPixels(state: RootState) {
  const gl = state.gl.getContext()
  const pixels = new Uint8Array(gl.drawingBufferWidth * gl.drawingBufferHeight * 4)
  gl.readPixels(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight, gl.RGBA, gl.UNSIGNED_BYTE, pixels)
  return pixels
}

async function expectDrawsADream(created: Promise<RootState>) {
  const state = await created
  await expect
    .poll(() => pixelStats(readPixels(state)), { timeout: 60_000, interval: 250 })
    .toSatisfy((stats: { mean: number; colours: number }) => stats.mean > 2 && stats.colours >= 6)
  return state
}

const textOf = (root: HTMLElement) => root.textContent ?? ''

describe('built-in presets', () => {
  test('there are built-in presets to open', () => {
    expect(presetFiles.length).toBeGreaterThan(0)
  })

  test.each(presetFiles)('%s opens from its share link and draws a dream, with no console errors', async (_name, json) => {
    const loaded = loadPreset(json, { registry })
    if (!loaded.ok) throw loaded.error
    const link = encodeLink(loaded.document, registry)
    expect(link.length).toBeLessThan(2000)
    const { root, handle, created } = open(link)
    expect(handle.shows).toBe('dream')
    await expectDrawsADream(created)
    expect(textOf(root)).toContain(loaded.document.meta.title)
    expect(errors).toEqual([])
  })
})

describe('a dream', () => {
  const everyLayer = () =>
    setMeta(createDocument(registry, registry.all.map((t) => t.type), 7), { title: 'Every layer there is', author: 'Celeste', description: 'All of them at once.' })
  /** Cheaper to compile on SwiftShader, for the tests about the overlay rather than the layers. */
  const nightSky = () => setMeta(createDocument(registry, ['sky', 'stars', 'terrain'], 11), { title: 'Insomnia streets', author: 'Zara' })

  test('before its first frame the viewer shows the colours of the dreamscape, then fades the picture in over them', async () => {
    const doc = nightSky()
    const { root, created } = open(encodeLink(doc, registry))
    const canvasBox = () => root.querySelector<HTMLElement>('.dv-canvas')
    // mounted, nothing drawn yet (the programs compile first): the poster, and the canvas not shown
    await expect.poll(() => canvasBox()).not.toBeNull()
    const poster = root.querySelector<HTMLElement>('[data-testid="dream-poster"]')!
    expect(canvasBox()!.classList.contains('is-drawn')).toBe(false)
    expect(getComputedStyle(canvasBox()!).opacity).toBe('0')
    const gradient = getComputedStyle(poster).backgroundImage
    expect(gradient).toContain('linear-gradient')
    // the sky's own zenith colour is one of the poster's stops (computed styles give rgb())
    const zenith = String(doc.layers.find((layer) => layer.type === 'sky')!.params.zenith)
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(zenith.slice(i, i + 2), 16))
    expect(gradient).toContain(`rgb(${r}, ${g}, ${b})`)
    await expectDrawsADream(created)
    await expect.poll(() => canvasBox()!.classList.contains('is-drawn'), { timeout: 10_000 }).toBe(true)
    await expect.poll(() => getComputedStyle(canvasBox()!).opacity, { timeout: 5_000 }).toBe('1')
    // and the poster is gone: where a dream without an opaque sky leaves the canvas transparent, the night shows
    await expect.poll(() => getComputedStyle(poster).opacity, { timeout: 5_000 }).toBe('0')
  })

  test('every registered layer type together opens and draws; the overlay shows title, author, controls', async () => {
    const doc = everyLayer()
    const { root, created } = open(encodeLink(doc, registry))
    await expectDrawsADream(created)
    expect(root.querySelector('h1')?.textContent).toBe('Every layer there is')
    expect(textOf(root)).toContain('by Celeste')
    const buttons = [...root.querySelectorAll('button')].map((b) => b.textContent)
    expect(buttons).toContain('❚❚Pause')
    expect(document.title).toBe('Every layer there is · Dreamscape')
    expect(errors).toEqual([])
  })

  test('"Remix in editor" links to the editor with a payload that decodes to the same document', async () => {
    const doc = nightSky()
    const { root, created } = open(encodeLink(doc, registry))
    await created
    const remix = root.querySelector<HTMLAnchorElement>('[data-testid="remix-link"]')!
    expect(remix.textContent).toContain('Remix in editor')
    const href = remix.href
    expect(href.startsWith(`${pageBase()}#remix=`)).toBe(true)
    const route = parseRoute(new URL(href).hash)
    expect(route.name).toBe('editor')
    const decoded = decodeLink(route.name === 'editor' ? route.remix! : '', { registry })
    expect(decoded.ok && decoded.document).toEqual(doc)
    // The editor then opens it as a remix of this dream.
    const { startingDocument } = await import('../../src/editor')
    const started = startingDocument(route as Extract<typeof route, { name: 'editor' }>, () => undefined)
    expect(started.document.meta.remixOf).toBe('Insomnia streets')
    expect(started.document.layers).toEqual(doc.layers)
  })

  test('pause freezes the dream and play resumes it', async () => {
    const { root, created } = open(encodeLink(nightSky(), registry))
    const state = await expectDrawsADream(created)
    const pause = [...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Pause'))!
    pause.click()
    await expect.poll(() => pause.getAttribute('aria-pressed')).toBe('true')
    await new Promise((resolve) => setTimeout(resolve, 300))
    const a = readPixels(state)
    await new Promise((resolve) => setTimeout(resolve, 600))
    const b = readPixels(state)
    expect(meanDifference(a, b)).toBeLessThan(0.5)
    pause.click()
    await expect.poll(() => pause.textContent).toContain('Pause')
    await expect.poll(() => meanDifference(b, readPixels(state)), { timeout: 10_000 }).toBeGreaterThan(0.05)
  })

  test('the overlay fades after ~3 s without pointer movement and comes back on movement', async () => {
    const { root, created } = open(encodeLink(nightSky(), registry))
    await created
    const viewer = root.querySelector<HTMLElement>('[data-testid="dream-viewer"]')!
    expect(viewer.classList.contains('is-idle')).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, OVERLAY_IDLE_MS + 400))
    expect(viewer.classList.contains('is-idle')).toBe(true)
    viewer.dispatchEvent(new PointerEvent('pointermove', { bubbles: true }))
    await expect.poll(() => viewer.classList.contains('is-idle')).toBe(false)
  })

  test('Space pauses from anywhere on the page, and a key wakes the faded overlay', async () => {
    const { root, created } = open(encodeLink(nightSky(), registry))
    await created
    const viewer = root.querySelector<HTMLElement>('[data-testid="dream-viewer"]')!
    const pause = root.querySelector<HTMLButtonElement>('button[aria-pressed]')!
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }))
    await expect.poll(() => pause.getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => viewer.classList.contains('is-idle'), { timeout: OVERLAY_IDLE_MS + 2000 }).toBe(true)
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', bubbles: true }))
    await expect.poll(() => pause.getAttribute('aria-pressed')).toBe('false')
    expect(viewer.classList.contains('is-idle')).toBe(false)
  })

  test('another dream link opened in the same tab (only the fragment changes) replaces the dream', async () => {
    const first = encodeLink(nightSky(), registry)
    const second = encodeLink(setMeta(nightSky(), { title: 'Unfiltered night sky', author: 'Eli' }), registry)
    history.replaceState(null, '', `#d=${first}`)
    try {
      const { root, handle } = open(first)
      await expect.poll(() => root.querySelector('h1')?.textContent).toBe('Insomnia streets')
      window.location.hash = `d=${second}`
      await expect.poll(() => root.querySelector('h1')?.textContent).toBe('Unfiltered night sky')
      window.location.hash = 'd=1broken'
      await expect.poll(() => root.querySelector('[role="alert"]')).not.toBeNull()
      expect(handle.shows).toBe('error')
    } finally {
      history.replaceState(null, '', window.location.pathname + window.location.search)
    }
  })

  test('reduced motion: the viewer says it runs calm', async () => {
    const { root, created } = open(encodeLink(nightSky(), registry), { reducedMotion: true })
    await expectDrawsADream(created)
    expect(textOf(root)).toMatch(/reduced motion/i)
  })
})

describe('a journey', () => {
  const stopA = () => setMeta(createDocument(registry, ['sky', 'stars'], 21), { title: 'Bedtime', author: 'Jonah' })
  const stopB = () => setMeta(createDocument(registry, ['sky', 'nebula', 'stars'], 22), { title: 'Deep night', author: 'Eli' })

  test('a journey link plays its stops in turn, morphing between them', async () => {
    const journey = createJourney([stopA(), stopB()], { hold: 0.6, morph: 0.6, loop: false, title: 'Bedtime to dawn' })
    const { root, handle, created } = open(encodeJourneyLink(journey, registry), {}, true)
    expect(handle.shows).toBe('journey')
    await expectDrawsADream(created)
    expect(root.querySelector('h1')?.textContent).toBe('Bedtime to dawn')
    await expect.poll(() => textOf(root), { timeout: 30_000 }).toContain('2 of 2')
    expect(textOf(root)).toContain('Deep night')
    expect(textOf(root)).toContain('by Eli')
    // Remixing from a journey opens the stop being shown.
    const remix = root.querySelector<HTMLAnchorElement>('[data-testid="remix-link"]')!
    const route = parseRoute(new URL(remix.href).hash)
    const decoded = decodeLink(route.name === 'editor' ? route.remix! : '', { registry })
    expect(decoded.ok && decoded.document.meta.title).toBe('Deep night')
    expect(errors).toEqual([])
  })

  test('a broken journey link shows the error page, naming the journey', async () => {
    const payload = encodeJourneyLink(createJourney([stopA()]), registry).slice(0, 25)
    const { root, handle } = open(payload, {}, true)
    expect(handle.shows).toBe('error')
    await expect.poll(() => root.querySelector('[role="alert"]')).not.toBeNull()
    expect(root.querySelector('h1')?.textContent).toMatch(/journey link is damaged/)
  })
})

describe('intense flashing', () => {
  const flashing = () => setScene(setMeta(createDocument(registry, ['sky', 'stars'], 5), { title: 'The SleepSync crash' }), { allowIntenseFlashing: true })

  test('a dreamscape with the flash limiter turned off opens behind a warning; the safe choice is focused', async () => {
    const { root } = open(encodeLink(flashing(), registry))
    await expect.poll(() => root.querySelector('[role="alertdialog"]')).not.toBeNull()
    expect(root.querySelector('canvas')).toBeNull()
    expect(textOf(root)).toContain('The SleepSync crash')
    expect(textOf(root)).toMatch(/seizures/)
    const safe = [...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Play safely'))!
    expect(document.activeElement).toBe(safe)
    safe.click()
    await expect.poll(() => root.querySelector('[data-testid="dream-viewer"]')).not.toBeNull()
    expect(textOf(root)).toMatch(/Flash limiter on/)
  })

  test('Escape picks the safe choice', async () => {
    const { root } = open(encodeLink(flashing(), registry))
    await expect.poll(() => root.querySelector('[role="alertdialog"]')).not.toBeNull()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    await expect.poll(() => root.querySelector('[data-testid="dream-viewer"]')).not.toBeNull()
    expect(textOf(root)).toMatch(/Flash limiter on/)
  })

  test('"Play anyway" opens the dream without the limiter note', async () => {
    const { root } = open(encodeLink(flashing(), registry))
    await expect.poll(() => root.querySelector('[role="alertdialog"]')).not.toBeNull()
    ;[...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Play anyway'))!.click()
    await expect.poll(() => root.querySelector('[data-testid="dream-viewer"]')).not.toBeNull()
    expect(textOf(root)).not.toMatch(/Flash limiter on/)
  })

  test('under reduced motion the limiter stays on, so there is nothing to ask', async () => {
    const { root } = open(encodeLink(flashing(), registry), { reducedMotion: true })
    await expect.poll(() => root.querySelector('[data-testid="dream-viewer"]')).not.toBeNull()
    expect(root.querySelector('[role="alertdialog"]')).toBeNull()
    expect(textOf(root)).toMatch(/Flash limiter on/)
  })
})

describe('broken links', () => {
  const doc = () => setScene(createDocument(registry, ['sky', 'stars'], 3), { speed: 0.5 })
  const cases: [string, () => string, RegExp][] = [
    ['cut short', () => encodeLink(doc(), registry).slice(0, 30), /damaged/i],
    ['not base64', () => '1***not a link***', /damaged/i],
    ['empty', () => '', /does not hold a dreamscape/i],
    ['far too long', () => '1' + 'A'.repeat(PRESET_LIMITS.linkChars + 10), /too large/i],
    ['from a newer codec', () => '9' + encodeLink(doc(), registry).slice(1), /newer/i],
    ['not a dreamscape', () => encodeLinkJson({ hello: 'world' }), /does not hold a dreamscape/i],
    ['from the future', () => encodeLinkJson({ ...JSON.parse(JSON.stringify(doc())), version: 99 }), /newer/i],
  ]

  test.each(cases)('a link that is %s shows the error page, saying what is wrong', async (_name, makeLink, title) => {
    const payload = makeLink()
    const expected = decodeLink(payload, { registry })
    expect(expected.ok).toBe(false)
    const { root, handle } = open(payload)
    expect(handle.shows).toBe('error')
    await expect.poll(() => root.querySelector('[role="alert"]')).not.toBeNull()
    expect(root.querySelector('h1')?.textContent).toMatch(title)
    if (!expected.ok) {
      expect(textOf(root)).toContain(expected.error.message)
      if (expected.error.path) expect(root.querySelector('code')?.textContent).toBe(expected.error.path)
    }
    const editor = root.querySelector<HTMLAnchorElement>('a[href]')!
    expect(editor.textContent).toMatch(/editor/i)
    expect(editor.href).toBe(pageBase())
    expect(root.querySelector('canvas')).toBeNull()
    expect(errors).toEqual([])
  })

  test('an error with a JSON path shows the path', async () => {
    const broken = { ...JSON.parse(JSON.stringify(doc())), layers: 'not a list' }
    const payload = encodeLinkJson(broken)
    const expected = decodeLink(payload, { registry })
    if (expected.ok) throw new Error('the loader accepted a document whose layers are not a list')
    const { root } = open(payload)
    await expect.poll(() => root.querySelector('[role="alert"]')).not.toBeNull()
    expect(expected.error.path).not.toBe('')
    expect(root.querySelector('code')?.textContent).toBe(expected.error.path)
  })
})
