/**
 * The flash limiter's cost per frame against the empty output stage, measured by hand (skipped in CI: timings
 * belong in a report, not a gate; `npm run bench -- --only=limiter` measures the same in the bench):
 *   VITE_LIMITER_COST=1 [VITE_LIMITER_COST_SIZES=160x90,640x360] npx vitest run --project browser tests/browser/flashLimiterCost.test.tsx
 * Paired frames on one context, the limiter on and off (allowIntenseFlashing) in alternating order:
 * - the empty document, each frame forced to finish with a one-pixel read: "off" is the bare output stage, "on"
 *   the limiter when nothing is held (most frames of most dreams);
 * - a full-screen strobe, so every tile holds: the limiter's per-pixel step at work (these frames are read back
 *   whole, on and off alike, so the difference is the limiter's).
 */
import { expect, test } from 'vitest'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { createRegistry, defineLayer, type AnyLayerType } from '../../src/core/defineLayer'
import { layerTypes } from '../../src/layers'
import { FlashLimiterEffect } from '../../src/safety/flashLimiter'
import { mountDream } from './harness'

/** Our JS in the limiter's update (issuing its small passes), apart from what the GPU then spends on them. */
const updateJs = { ms: 0, calls: 0 }
const originalUpdate = FlashLimiterEffect.prototype.update
FlashLimiterEffect.prototype.update = function (this: FlashLimiterEffect, ...args: Parameters<FlashLimiterEffect['update']>) {
  const started = performance.now()
  originalUpdate.apply(this, args)
  if (this.active) {
    updateJs.ms += performance.now() - started
    updateJs.calls++
  }
}

/** A full-screen black/white toggle at 30 Hz: every frame flashes, so every tile is held. */
const toggle = defineLayer({
  type: 'test-toggle',
  label: 'Test toggle',
  kind: 'effect',
  description: 'Full-screen flashes for the cost measurement.',
  params: {},
  fragment: /* glsl */ `
void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  outputColor = vec4(vec3(step(0.5, fract(uTime * 30.0))), inputColor.a);
}
`,
}) as unknown as AnyLayerType
const registry = createRegistry([...layerTypes, toggle])

const ITERATIONS = 31
// the smallest shows the limiter's fixed part (its small passes), the others how its per-pixel step scales;
// VITE_LIMITER_COST_SIZES=160x90,640x360 measures only those
const SIZES: [number, number][] = (import.meta.env.VITE_LIMITER_COST_SIZES ?? '160x90,640x360,1280x720')
  .split(',')
  .map((size: string) => size.split('x').map(Number) as [number, number])

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN

test.skipIf(!import.meta.env.VITE_LIMITER_COST)('flash limiter cost against the empty output stage', { timeout: 600_000 }, async () => {
  for (const [width, height] of SIZES) {
    const base = createDocument(registry, [], 7)
    const on: DreamDocument = { ...base, scene: { ...base.scene, allowIntenseFlashing: false } }
    const off: DreamDocument = { ...base, scene: { ...base.scene, allowIntenseFlashing: true } }
    const h = await mountDream(on, { width, height, registry })
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
    const paired = async (first: () => Promise<number>, second: () => Promise<number>) => {
      const a: number[] = []
      const b: number[] = []
      for (let i = 0; i < ITERATIONS; i++) {
        if (i % 2) {
          a.push(await first())
          b.push(await second())
        } else {
          b.push(await second())
          a.push(await first())
        }
      }
      return { first: median(a), second: median(b), difference: median(a.map((value, i) => value - b[i]!)) }
    }
    updateJs.ms = 0
    updateJs.calls = 0
    const idle = await paired(() => frame(on), () => frame(off))
    const js = updateJs.ms / Math.max(updateJs.calls, 1)
    // strobe: a reset frame after the switch, one counted flip, then the timed frame is a flip the limiter holds
    const strobeBase = createDocument(registry, ['test-toggle'], 7)
    const strobeOn: DreamDocument = { ...strobeBase, scene: { ...strobeBase.scene, allowIntenseFlashing: false } }
    const strobeOff: DreamDocument = { ...strobeBase, scene: { ...strobeBase.scene, allowIntenseFlashing: true } }
    const strobeFrame = async (doc: DreamDocument) => {
      h.store.replace(doc)
      await new Promise((resolve) => setTimeout(resolve, 0))
      h.renderAt((t += 1 / 60))
      h.renderAt((t += 1 / 60))
      const started = performance.now()
      h.renderAt((t += 1 / 60))
      return performance.now() - started
    }
    for (let i = 0; i < 3; i++) await strobeFrame(i % 2 ? strobeOn : strobeOff)
    const held = await paired(() => strobeFrame(strobeOn), () => strobeFrame(strobeOff))
    const empty = idle.second
    console.log(
      `${width}x${height}: empty output stage (limiter off) ${empty.toFixed(2)} ms; ` +
        `limiter, nothing held ${idle.difference.toFixed(2)} ms = ${((idle.difference / empty) * 100).toFixed(0)}%; ` +
        `every tile held ${held.difference.toFixed(2)} ms = ${((held.difference / empty) * 100).toFixed(0)}% of the empty output stage; ` +
        `the limiter's JS (issuing its passes) ${js.toFixed(2)} ms a frame`,
    )
    expect(Number.isFinite(idle.difference) && Number.isFinite(held.difference)).toBe(true)
    await h.unmount()
  }
})
