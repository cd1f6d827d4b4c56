/**
 * Water reflects the layers above it (src/scene/reflection.ts): the lake's pixels follow a backdrop drawn above
 * the water, which they could not do if the water only evaluated its own sky colours.
 */
import { afterEach, expect, test } from 'vitest'
import { createDocument } from '../../src/core/document'
import { setLayerParams, setScene } from '../../src/core/documentOps'
import { registerLiveFrames } from '../../src/scene/amortisedSoftPass'
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

test('live frames redraw the reflection every other frame and show the same picture; stills always redraw it', async () => {
  const doc = setScene({ ...createDocument(registry, ['sky', 'aurora', 'water']), seed: 5 }, { cameraMotion: 'still' })
  mounted = await mountDream(doc, { width: W, height: H })
  const harness = mounted
  const callsAt = (time: number) => {
    const info = harness.gl.info
    info.autoReset = false
    info.reset()
    const pixels = harness.renderAt(time)
    const calls = info.render.calls
    info.autoReset = true
    return { calls, pixels }
  }
  const still = callsAt(3)
  const unregister = registerLiveFrames(mounted.gl, { live: true })
  const live: { calls: number; pixels: Uint8Array }[] = []
  try {
    for (let i = 1; i <= 4; i++) live.push(callsAt(3 + i / 60))
  } finally {
    unregister()
  }
  // the frames that reuse the reflection skip its draws (the scene and the backdrop passes seen in the mirror)
  expect(live[0]!.calls).toBeLessThan(live[1]!.calls)
  expect(live[2]!.calls).toBe(live[0]!.calls)
  expect(live[3]!.calls).toBe(live[1]!.calls)
  // a still after live frames draws it anew; at the moment of the first live frame, whose reflection was drawn
  // 1/60 s earlier, the lake looks the same (the ripples are the water's own, drawn fresh every frame)
  const fresh = callsAt(3 + 1 / 60)
  expect(fresh.calls).toBe(still.calls)
  expect(lowerDifference(live[0]!.pixels, fresh.pixels)).toBeLessThan(0.5)
})
