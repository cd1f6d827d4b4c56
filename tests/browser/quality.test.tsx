/**
 * Adaptive quality in a real canvas (<DreamCanvas>, real animation loop). No timing is asserted: the target
 * is one no machine reaches (rAF caps frames at the display rate), so the governor must walk every step, and
 * the test checks that each kind of step really reaches the GPU.
 */
import { afterEach, expect, test } from 'vitest'
import { createRoot, type Root } from 'react-dom/client'
import type { RootState } from '@react-three/fiber'
import { Vector2 } from 'three'
import { createDocument } from '../../src/core/document'
import { createDreamStore } from '../../src/core/dreamStore'
import { registry } from '../../src/layers'
import { DreamClock } from '../../src/scene/clock'
import { DreamCanvas } from '../../src/scene/DreamCanvas'
import type { DreamSceneHandle } from '../../src/scene/DreamScene'
import { createQualityStore, planQuality } from '../../src/scene/quality'

const W = 128
const H = 72

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
})

test('an unreachable target walks every step: pixel ratio (canvas and every effect target), then layer knobs', async () => {
  const doc = createDocument(registry, ['sky', 'nebula', 'fireflies', 'bloom'], 7)
  const quality = createQualityStore()
  const host = document.createElement('div')
  host.style.cssText = `width:${W}px;height:${H}px;position:fixed;left:0;top:0`
  document.body.appendChild(host)
  let state: RootState | undefined
  let handle: DreamSceneHandle | null = null
  const root: Root = createRoot(host)
  root.render(
    <DreamCanvas
      store={createDreamStore(doc)}
      registry={registry}
      clock={new DreamClock()}
      dpr={1}
      adaptiveQuality={{ targetFps: 1000, minDpr: 0.5 }}
      qualityStore={quality}
      guard={{ storage: null }}
      onCreated={(s) => (state = s)}
      onReady={(h) => (handle = h)}
    />,
  )
  cleanup = () => {
    root.unmount()
    host.remove()
  }
  const steps = planQuality(doc, registry, { maxDpr: 1, minDpr: 0.5 })
  expect(steps.some((s) => s.kind === 'param')).toBe(true)
  await expect.poll(() => quality.getState().level, { timeout: 90_000, interval: 200 }).toBe(steps.length)

  const outcome = quality.getState()
  expect(outcome.dpr).toBe(0.5)
  const [nebula, fireflies] = [doc.layers[1]!.id, doc.layers[2]!.id]
  expect(outcome.overrides.get(nebula)).toEqual({ octaves: 2 })
  expect(outcome.overrides.get(fireflies)).toEqual({ count: 100 })
  // the pixel ratio reached the drawing buffer AND the post-processing targets (the effect passes run there)
  await expect.poll(() => state!.gl.getDrawingBufferSize(new Vector2()).x, { timeout: 10_000 }).toBe(W / 2)
  const composer = (handle as DreamSceneHandle | null)!.composer
  expect([composer.inputBuffer.width, composer.inputBuffer.height]).toEqual([W / 2, H / 2])
  // the lowered knob reached the nebula's uniform in the fused backdrop pass (written by the frame after the
  // React render that takes the new outcome: polled, not read at once)
  const octaves = () => {
    const found: number[] = []
    state!.scene.traverse((object) => {
      const material = (object as { material?: { uniforms?: Record<string, { value: unknown }> } }).material
      const value = material?.uniforms?.d1_octaves?.value
      if (typeof value === 'number') found.push(value)
    })
    return found
  }
  await expect.poll(octaves, { timeout: 10_000 }).toEqual([2])
})
