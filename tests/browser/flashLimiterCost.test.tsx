/**
 * The flash limiter's cost per frame against the empty output stage, measured by hand (skipped in CI: timings
 * belong in a report, not a gate; `npm run bench -- --only=limiter` measures the same in the bench):
 *   VITE_LIMITER_COST=1 npx vitest run --project browser tests/browser/flashLimiterCost.test.tsx
 * Paired frames on one context: the empty document with the limiter on, then off (allowIntenseFlashing), in
 * alternating order; each frame forced to finish with a one-pixel read. "Off" is the bare output stage.
 */
import { expect, test } from 'vitest'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { registry } from '../../src/layers'
import { mountDream } from './harness'

const ITERATIONS = 31
const SIZES: [number, number][] = [
  [640, 360],
  [1280, 720],
]

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN

test.skipIf(!import.meta.env.VITE_LIMITER_COST)('flash limiter cost against the empty output stage', { timeout: 600_000 }, async () => {
  for (const [width, height] of SIZES) {
    const base = createDocument(registry, [], 7)
    const on: DreamDocument = { ...base, scene: { ...base.scene, allowIntenseFlashing: false } }
    const off: DreamDocument = { ...base, scene: { ...base.scene, allowIntenseFlashing: true } }
    const h = await mountDream(on, { width, height })
    const gl = h.gl.getContext()
    const pixel = new Uint8Array(4)
    let t = 1
    const frame = async (doc: DreamDocument) => {
      h.store.replace(doc)
      await new Promise((resolve) => setTimeout(resolve, 0))
      h.renderAt((t += 1 / 60)) // untimed: the switch itself (a reset when the limiter comes back)
      const started = performance.now()
      h.state.advance(performance.now())
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel)
      return performance.now() - started
    }
    for (let i = 0; i < 3; i++) await frame(i % 2 ? on : off)
    const onMs: number[] = []
    const offMs: number[] = []
    const differences: number[] = []
    for (let i = 0; i < ITERATIONS; i++) {
      const [a, b] = i % 2 ? [await frame(on), await frame(off)] : [NaN, NaN]
      const [d, c] = i % 2 ? [NaN, NaN] : [await frame(off), await frame(on)]
      const onTime = i % 2 ? a : c
      const offTime = i % 2 ? b : d
      onMs.push(onTime)
      offMs.push(offTime)
      differences.push(onTime - offTime)
    }
    await h.unmount()
    const limiter = median(differences)
    const empty = median(offMs)
    console.log(
      `${width}x${height}: limiter on ${median(onMs).toFixed(2)} ms, off (empty output stage) ${empty.toFixed(2)} ms, ` +
        `limiter ${limiter.toFixed(2)} ms = ${((limiter / empty) * 100).toFixed(0)}% of the empty output stage`,
    )
    expect(Number.isFinite(limiter)).toBe(true)
  }
})
