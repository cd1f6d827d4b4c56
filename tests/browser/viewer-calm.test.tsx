/**
 * Issue 12.8: reduced motion is visibly calmer (measured as the picture's frame-to-frame change against the
 * same dream at normal motion, with a stepped clock), and an altered link's page speaks in sentences.
 */
import { afterEach, expect, test } from 'vitest'
import { registry } from '../../src/layers'
import { bytesToBase64url, deflate, encodeUtf8 } from '../../src/preset/codec'
import { canonicalJson } from '../../src/preset/serialize'
import { LINK_CODEC } from '../../src/preset/link'
import { loadPreset } from '../../src/preset/load'
import { DreamClock } from '../../src/scene/clock'
import { DreamScene } from '../../src/scene/DreamScene'
import { mountFixedSize } from '../../src/scene/fixedSizeRoot'
import { createStore } from 'zustand/vanilla'
import type { DreamDocument } from '../../src/core/document'
import { mountViewer, type ViewerHandle } from '../../src/viewer'
import { calmDocument } from '../../src/viewer/motion'
import { meanDifference, readiness } from './harness'

const WIDTH = 256
const HEIGHT = 144
const FRAME = 1 / 30

const presets = import.meta.glob<unknown>('../../presets/*.json', { eager: true, import: 'default' })
const preset = (name: string): DreamDocument => {
  const loaded = loadPreset(presets[`../../presets/${name}.json`], { registry })
  if (!loaded.ok) throw loaded.error
  return loaded.document
}

/** Mean frame-to-frame change (0..255 per channel) over `frames` steps of 1/30 s of real time from dream time 6 s. */
async function motionOf(doc: DreamDocument, calm: boolean, frames = 6): Promise<number> {
  const store = createStore(() => ({ document: doc }))
  const clock = new DreamClock({ time: 6 })
  const { onReady, ready } = readiness()
  const { state, dispose } = await mountFixedSize(WIDTH, HEIGHT, <DreamScene store={store} registry={registry} clock={clock} calm={calm} onReady={onReady} />)
  try {
    await ready
    const context = state.gl.getContext()
    const read = () => {
      const pixels = new Uint8Array(WIDTH * HEIGHT * 4)
      context.readPixels(0, 0, WIDTH, HEIGHT, context.RGBA, context.UNSIGNED_BYTE, pixels)
      return pixels
    }
    // r3f's manual loop: advance(t) with frameloop "never" hands the frame a delta of t minus the last t.
    let now = 100
    state.advance(now)
    state.advance((now += FRAME))
    let previous = read()
    let total = 0
    for (let i = 0; i < frames; i++) {
      state.advance((now += FRAME))
      const current = read()
      total += meanDifference(previous, current)
      previous = current
    }
    return total / frames
  } finally {
    dispose()
  }
}

test.each(['celestes-masterpiece', 'insomnia-streets', 'neoterra-after-curfew'])(
  'reduced motion halves the frame-to-frame change of %s at least',
  async (name) => {
    const doc = preset(name)
    const normal = await motionOf(doc, false)
    const calm = await motionOf(calmDocument(doc), true)
    console.log(`${name}: frame-to-frame change normal ${normal.toFixed(3)}, calm ${calm.toFixed(3)}, ratio ${(calm / normal).toFixed(2)}`)
    expect(normal).toBeGreaterThan(0.05)
    expect(calm / normal).toBeLessThanOrEqual(0.5)
  },
)

let viewer: { root: HTMLElement; handle: ViewerHandle } | undefined
afterEach(() => {
  viewer?.handle.unmount()
  viewer?.root.remove()
  viewer = undefined
})

test('an altered link shows a sentence for people; the technical detail and path stay in small print', async () => {
  const doc = preset('unfiltered-night-sky')
  // Someone edited the link's JSON by hand and lost a comma.
  const text = JSON.stringify(canonicalJson(doc, { registry, omitDefaults: true })).replace('"dreamscape",', '"dreamscape" ')
  const payload = LINK_CODEC + bytesToBase64url(deflate(encodeUtf8(text)))
  const root = document.createElement('div')
  root.style.cssText = 'position: relative; width: 640px; height: 360px;'
  document.body.appendChild(root)
  viewer = { root, handle: mountViewer(root, { name: 'viewer', payload, journey: false }, { reducedMotion: false }) }
  await expect.poll(() => root.querySelector('[role="alert"]')).not.toBeNull()
  const parserText = /position \d+|Expected ['"]?[,}\]]|Unexpected token|JSON|line \d+ column/i
  const heading = root.querySelector('h1')!.textContent ?? ''
  const detail = root.querySelector('.dv-detail')?.textContent ?? ''
  expect(heading).toMatch(/damaged|changed/i)
  expect(detail).toMatch(/^[A-Z].*[.!]$/)
  expect(detail).not.toMatch(parserText)
  // Whatever the loader said in technical terms is there for whoever needs it, but small.
  const small = [...root.querySelectorAll('small, .dv-technical')].map((el) => el.textContent ?? '').join(' ')
  expect(small).not.toBe('')
  const body = root.cloneNode(true) as HTMLElement
  for (const el of body.querySelectorAll('small, .dv-technical')) el.remove()
  expect(body.textContent).not.toMatch(parserText)
})
