/**
 * Issue 17: the islands' rock is lit by the sky's colours and varies, instead of one uniform purple. Rendered in
 * the real browser, pixels read back: the same islands under a warm and a cool horizon light (the rim colour,
 * which lights them) must take that light's hue, and the rock must not be one flat colour.
 */
import { afterEach, expect, test } from 'vitest'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { setLayerParams, setScene } from '../../src/core/documentOps'
import type { ParamValue } from '../../src/core/params'
import { registry } from '../../src/layers'
import { mountDream, type Harness } from './harness'

const WIDTH = 320
const HEIGHT = 180
const TIME = 3

let mounted: Harness | undefined
afterEach(async () => {
  await mounted?.unmount()
  mounted = undefined
})

/** A still sky with islands, the crystal glow and its strands off: what is left is the lit rock and moss. */
function islandsDocument(islands: Record<string, ParamValue>, withIslands = true): DreamDocument {
  const doc = setScene(createDocument(registry, withIslands ? ['sky', 'islands'] : ['sky'], 7), { cameraMotion: 'still' })
  const layer = doc.layers.find((l) => l.type === 'islands')
  return layer ? setLayerParams(doc, layer.id, { glow: 0, roots: 0, fogDensity: 0, ...islands }) : doc
}

async function render(doc: DreamDocument): Promise<Uint8Array> {
  mounted = await mountDream(doc, { width: WIDTH, height: HEIGHT })
  const pixels = mounted.renderAt(TIME)
  await mounted.unmount()
  mounted = undefined
  return pixels
}

test('island rock takes the hue of the sky light that falls on it, and varies across the rock', async () => {
  const sky = await render(islandsDocument({}, false))
  const warm = await render(islandsDocument({ skyColor: '#ff6a20' }))
  const cool = await render(islandsDocument({ skyColor: '#2a7aff' }))

  // the islands' pixels: where either render differs clearly from the sky alone
  const rock: number[] = []
  for (let i = 0; i < sky.length; i += 4) {
    let differs = 0
    for (let c = 0; c < 3; c++) differs = Math.max(differs, Math.abs(warm[i + c]! - sky[i + c]!), Math.abs(cool[i + c]! - sky[i + c]!))
    if (differs > 12) rock.push(i)
  }
  expect(rock.length, 'islands cover part of the picture').toBeGreaterThan(WIDTH * HEIGHT * 0.01)

  // warmth: red minus blue, averaged over the rock; the warm light must make it clearly warmer than the cool one
  const warmth = (pixels: Uint8Array) => rock.reduce((sum, i) => sum + pixels[i]! - pixels[i + 2]!, 0) / rock.length
  const warmRock = warmth(warm)
  const coolRock = warmth(cool)
  console.log('islands warmth (R - B) under a warm light', warmRock.toFixed(1), 'under a cool light', coolRock.toFixed(1), 'pixels', rock.length)
  expect(warmRock - coolRock).toBeGreaterThan(12)

  // variation: strata, gullies, moss and light; one flat colour would have a tiny spread of brightness
  const luma = rock.map((i) => 0.2126 * warm[i]! + 0.7152 * warm[i + 1]! + 0.0722 * warm[i + 2]!)
  const mean = luma.reduce((a, b) => a + b, 0) / luma.length
  const spread = Math.sqrt(luma.reduce((a, b) => a + (b - mean) ** 2, 0) / luma.length)
  console.log('islands brightness mean', mean.toFixed(1), 'spread', spread.toFixed(1))
  expect(spread).toBeGreaterThan(8)
})

test('the island shapes are baked once and again only when their settings change; a live edit reshapes the rock', async () => {
  const doc = islandsDocument({})
  mounted = await mountDream(doc, { width: WIDTH, height: HEIGHT })
  // the bake is the only draw into a target 1024 vertices wide (islands-bake.frag's rows)
  let bakes = 0
  const setRenderTarget = mounted.gl.setRenderTarget.bind(mounted.gl)
  mounted.gl.setRenderTarget = (target, ...rest) => {
    if (target?.width === 1024) bakes++
    setRenderTarget(target, ...rest)
  }
  // the first frame bakes (or one drawn while mounting did), later ones do not
  mounted.renderAt(TIME)
  expect(bakes).toBeLessThanOrEqual(1)
  bakes = 0
  const steady = mounted.renderAt(TIME)
  mounted.renderAt(TIME + 1)
  expect(bakes).toBe(0)
  // the rock depth is a uniform, not geometry: the same islands, reshaped by one bake
  const layer = doc.layers.find((l) => l.type === 'islands')!
  mounted.store.edit((d) => setLayerParams(d, layer.id, { depthRatio: 3 }))
  await mounted.settle()
  const edited = mounted.renderAt(TIME)
  expect(bakes).toBe(1)
  mounted.renderAt(TIME + 1)
  expect(bakes).toBe(1)
  let changed = 0
  for (let i = 0; i < steady.length; i += 4) if (Math.abs(steady[i]! - edited[i]!) > 12) changed++
  // deeper rock hangs lower: a clear share of the picture changes
  expect(changed).toBeGreaterThan(WIDTH * HEIGHT * 0.005)
})

test('each island draws its rock at the detail its size on screen needs, and all of its strands', async () => {
  const count = 12
  const doc = islandsDocument({ count, detail: 3, roots: 1 })
  const triangles = async (width: number, height: number) => {
    mounted = await mountDream(doc, { width, height })
    mounted.renderAt(TIME)
    const info = mounted.gl.info
    info.autoReset = false
    info.reset()
    mounted.renderAt(TIME + 0.1)
    const drawn = info.render.triangles
    info.autoReset = true
    await mounted.unmount()
    mounted = undefined
    return drawn
  }
  const strands = count * 9 * 10 * 2
  const rock = (d: number) => 12 * d * (9 * d - 1) * 2
  const small = await triangles(160, 90)
  const large = await triangles(1280, 720)
  // at 160 x 90 every rock is small enough for the coarsest level; the output passes add a few triangles
  expect(small).toBeGreaterThanOrEqual(count * rock(1) + strands)
  expect(small).toBeLessThan(count * rock(1) + strands + 40)
  // at 1280 x 720 the nearer rocks need more, and none more than the layer's detail
  expect(large).toBeGreaterThan(small + count * (rock(2) - rock(1)) * 0.25)
  expect(large).toBeLessThan(count * rock(3) + strands + 40)
})
