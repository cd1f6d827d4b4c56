/**
 * Water reflects the layers above it (src/scene/reflection.ts): the lake's pixels follow a backdrop drawn above
 * the water, which they could not do if the water only evaluated its own sky colours.
 */
import { afterEach, expect, test } from 'vitest'
import { createDocument } from '../../src/core/document'
import { setLayerParams } from '../../src/core/documentOps'
import { registry } from '../../src/layers'
import { mountDream, type Harness } from './harness'

const W = 160
const H = 90

/** Mean absolute channel difference over the bottom quarter of the picture (readPixels rows start at the bottom). */
function lowerDifference(a: Uint8Array, b: Uint8Array): number {
  const end = Math.floor(H / 4) * W * 4
  let sum = 0
  for (let i = 0; i < end; i++) if (i % 4 !== 3) sum += Math.abs(a[i]! - b[i]!)
  return sum / ((end / 4) * 3)
}

let mounted: Harness | undefined
afterEach(async () => {
  await mounted?.unmount()
  mounted = undefined
})

test('the lake shows the sky layer above it, and follows it when it changes', async () => {
  const doc = { ...createDocument(registry, ['sky', 'water']), seed: 5 }
  mounted = await mountDream(doc, { width: W, height: H })
  const before = mounted.renderAt(2)
  const sky = mounted.store.getState().document.layers[0]!.id
  mounted.store.edit((d) => setLayerParams(d, sky, { zenith: '#20ff60', horizon: '#40ff80' }))
  const after = mounted.renderAt(2)
  // the water is opaque and its own parameters did not move: only a reflection can carry the new sky down
  expect(lowerDifference(before, after)).toBeGreaterThan(3)
})
