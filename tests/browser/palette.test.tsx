/**
 * The dream palette, one layer at a time: each new layer renders something structured over a plain scene,
 * and moving one of its sliders changes the pixels without linking a new shader program.
 * Every render is saved to __shots__/palette-<type>.txt (a PNG data URL) for looking at.
 */
import { afterAll, expect, test } from 'vitest'
import { commands } from 'vitest/browser'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { setLayerParams, setScene } from '../../src/core/documentOps'
import type { ParamValue } from '../../src/core/params'
import { registry } from '../../src/layers'
import { meanDifference, mountDream, pixelStats, toDataUrl, type Harness } from './harness'

const WIDTH = 320
const HEIGHT = 180
const TIME = 3

interface PaletteCase {
  type: string
  /** Layers drawn under it: effects need a structured picture to work on. */
  under: string[]
  /** A slider move that must visibly change the picture. */
  change: Record<string, ParamValue>
  /** Minimum mean per-channel difference the layer makes against the picture without it (0..255). */
  minContribution: number
  /** Minimum mean per-channel difference the slider move makes (default 0.2). */
  minChange?: number
}

const cases: PaletteCase[] = [
  { type: 'aurora', under: ['sky'], change: { thickness: 2.5 }, minContribution: 2 },
  { type: 'city', under: ['sky'], change: { windowsLit: 0.9 }, minContribution: 1 },
  { type: 'clouds', under: ['sky'], change: { coverage: 0.8 }, minContribution: 2 },
  { type: 'water', under: ['sky', 'stars', 'terrain'], change: { waveHeight: 1.2 }, minContribution: 2 },
  // dark rock on a dark sky: a small mean difference, but zero if nothing is drawn
  { type: 'islands', under: ['sky'], change: { glow: 3 }, minContribution: 0.8 },
  { type: 'rain', under: ['sky'], change: { streak: 0.25 }, minContribution: 0.5 },
  { type: 'dream-blur', under: ['sky', 'stars', 'terrain'], change: { focusArea: 0.05 }, minContribution: 0.5 },
  { type: 'color-grade', under: ['sky', 'nebula', 'terrain'], change: { hueShift: 60 }, minContribution: 1 },
  { type: 'kaleidoscope', under: ['sky', 'nebula', 'terrain'], change: { segments: 9 }, minContribution: 3 },
  // a new moon: the lit part of a small disc (tone mapping compresses the bright disc, so the change is modest)
  { type: 'moon', under: ['sky'], change: { phase: -0.95 }, minContribution: 0.5, minChange: 0.12 },
]

function stillDocument(types: string[]): DreamDocument {
  // a still camera: the picture depends on the layers only
  return setScene(createDocument(registry, types, 7), { cameraMotion: 'still' })
}

async function render(doc: DreamDocument): Promise<{ h: Harness; pixels: Uint8Array }> {
  const h = await mountDream(doc, { width: WIDTH, height: HEIGHT })
  return { h, pixels: h.renderAt(TIME) }
}

const mounted: Harness[] = []
afterAll(async () => {
  for (const h of mounted) await h.unmount()
})

test.each(cases)('$type renders, and its params move pixels without relinking', async ({ type, under, change, minContribution, minChange = 0.2 }) => {
  expect(registry.has(type), `${type} is registered`).toBe(true)
  const base = await render(stillDocument(under))
  await base.h.unmount()

  const doc = stillDocument([...under, type])
  const { h, pixels } = await render(doc)
  mounted.push(h)
  await commands.writeFile(`./__shots__/palette-${type}.txt`, toDataUrl(pixels, WIDTH, HEIGHT))

  const stats = pixelStats(pixels)
  const contribution = meanDifference(pixels, base.pixels)
  console.log(type, 'stats', stats, 'contribution', contribution.toFixed(2))
  expect(stats.mean).toBeGreaterThan(2)
  expect(stats.colours).toBeGreaterThan(12)
  expect(contribution).toBeGreaterThan(minContribution)

  const programs = h.programCount()
  const layer = doc.layers[doc.layers.length - 1]!
  h.store.edit((current) => setLayerParams(current, layer.id, change))
  const changed = h.renderAt(TIME)
  expect(meanDifference(pixels, changed)).toBeGreaterThan(minChange)
  expect(h.programCount()).toBe(programs)
  await h.unmount()
  mounted.pop()
})

test('a full night composes: sky, nebula, stars, aurora, moon, terrain, water, fireflies, bloom', async () => {
  const types = ['sky', 'nebula', 'stars', 'aurora', 'moon', 'terrain', 'water', 'fireflies', 'bloom']
  const h = await mountDream(stillDocument(types), { width: 640, height: 360 })
  const pixels = h.renderAt(TIME)
  await commands.writeFile('./__shots__/palette-composition.txt', toDataUrl(pixels, 640, 360))
  const stats = pixelStats(pixels)
  expect(stats.mean).toBeGreaterThan(10)
  expect(stats.colours).toBeGreaterThan(60)
  await h.unmount()
})
