/**
 * Issue 10 item 5: adaptive quality keeps its level across a context restore. Before, the canvas rebuilt after
 * a restore started again at full quality, so a GPU that lost its context under load was loaded the same way
 * again (and a real GPU could loop on lose/restore). Counts, not timings: the level of the first frame drawn
 * by the new renderer.
 */
import { afterEach, expect, test } from 'vitest'
import { createRoot, type Root } from 'react-dom/client'
import { useFrame, type RootState } from '@react-three/fiber'
import type { WebGLRenderer } from 'three'
import { createDocument } from '../../src/core/document'
import { createDreamStore } from '../../src/core/dreamStore'
import { registry } from '../../src/layers'
import { DreamClock } from '../../src/scene/clock'
import { DreamCanvas } from '../../src/scene/DreamCanvas'
import { createQualityStore, type QualityStore } from '../../src/scene/quality'

const W = 128
const H = 72
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
})

/** Records, for every frame, which renderer drew it and at which quality level. */
function LevelProbe({ quality, seen }: { quality: QualityStore; seen: { gl: WebGLRenderer; level: number }[] }) {
  useFrame(({ gl }) => void seen.push({ gl, level: quality.getState().level }))
  return null
}

test('after a context restore, the first frame is drawn at the level reached before the loss', async () => {
  const quality = createQualityStore()
  const seen: { gl: WebGLRenderer; level: number }[] = []
  const host = document.createElement('div')
  host.style.cssText = `width:${W}px;height:${H}px;position:fixed;left:0;top:0`
  document.body.appendChild(host)
  let state: RootState | undefined
  const root: Root = createRoot(host)
  root.render(
    <DreamCanvas
      store={createDreamStore(createDocument(registry, ['sky', 'nebula', 'fireflies', 'bloom'], 7))}
      registry={registry}
      clock={new DreamClock()}
      dpr={1}
      // no machine reaches this: quality goes down as far as it can
      adaptiveQuality={{ targetFps: 100_000, minDpr: 0.5 }}
      qualityStore={quality}
      guard={{ storage: null }}
      onCreated={(created) => (state = created)}
    >
      <LevelProbe quality={quality} seen={seen} />
    </DreamCanvas>,
  )
  cleanup = () => {
    root.unmount()
    host.remove()
  }
  await expect.poll(() => state, { timeout: 30_000 }).toBeDefined()
  // far enough down that a fresh start (one or two steps per decision) would show
  await expect.poll(() => quality.getState().level, { timeout: 60_000 }).toBeGreaterThanOrEqual(6)
  await sleep(500)
  const reached = quality.getState().level

  const lostRenderer = state!.gl
  const lose = lostRenderer.getContext().getExtension('WEBGL_lose_context')!
  lose.loseContext()
  await expect.poll(() => host.querySelector('[data-dream-guard]'), { timeout: 5_000 }).not.toBeNull()
  await sleep(50)
  lose.restoreContext()
  await expect.poll(() => seen.some((frame) => frame.gl !== lostRenderer), { timeout: 30_000 }).toBe(true)
  const first = seen.find((frame) => frame.gl !== lostRenderer)!
  expect(first.level).toBeGreaterThanOrEqual(reached)
})
