/**
 * Calm mode (the viewer's prefers-reduced-motion): glitch layers held at a faint, steady hum whatever the crash
 * schedule says, and the flash limiter on even when the document allows intense flashing.
 */
import { expect, test } from 'vitest'
import { createRoot } from '@react-three/fiber'
import { createDreamStore } from '../../src/core/dreamStore'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { crashSchedule } from '../../src/core/crash'
import { registry } from '../../src/layers'
import { DreamClock } from '../../src/scene/clock'
import { DreamScene } from '../../src/scene/DreamScene'
import { meanDifference, readiness, unmountRoot } from './harness'

const W = 96
const H = 54

async function mount(doc: DreamDocument, calm: boolean) {
  const canvas = document.createElement('canvas')
  document.body.appendChild(canvas)
  const clock = new DreamClock({ pinned: 0 })
  const root = createRoot(canvas)
  let ready: (gl: WebGL2RenderingContext) => void = () => {}
  const created = new Promise<WebGL2RenderingContext>((resolve) => (ready = resolve))
  let advance: (t: number) => void = () => {}
  await root.configure({
    size: { width: W, height: H, top: 0, left: 0 },
    dpr: 1,
    frameloop: 'never',
    gl: { antialias: false, preserveDrawingBuffer: true },
    onCreated: (state) => {
      advance = (t) => state.advance(t)
      ready(state.gl.getContext() as WebGL2RenderingContext)
    },
  })
  const { onReady, ready: scene } = readiness()
  root.render(<DreamScene store={createDreamStore(doc)} registry={registry} clock={clock} calm={calm} onReady={onReady} />)
  const gl = await created
  await scene
  let frame = 1000
  const pixels = new Uint8Array(W * H * 4)
  return {
    renderAt(time: number) {
      clock.pinned = time
      advance((frame += 1 / 60)) // seconds, as r3f's advance() takes them
      gl.readPixels(0, 0, W, H, gl.RGBA, gl.UNSIGNED_BYTE, pixels)
      return pixels.slice()
    },
    async unmount() {
      await unmountRoot(canvas, () => root.unmount())
      canvas.remove()
    },
  }
}

test('calm holds the glitches at a faint hum through the crash and keeps the limiter on', { timeout: 300_000 }, async () => {
  const doc = createDocument(registry, ['sky', 'nebula', 'glitch-static', 'glitch-signal-loss'], 9)
  doc.scene = { ...doc.scene, crashMode: 'loop', crashPeriod: 12, crashSeverity: 1, allowIntenseFlashing: true }
  doc.layers[3]!.params = { ...doc.layers[3]!.params, trigger: 'crash', intensity: 1 }
  const schedule = crashSchedule(doc.seed, 12, 0)
  const calmTime = (schedule.starts[1] ?? 0) / 2
  const staticTime = ((schedule.starts[3] ?? 0) + (schedule.starts[4] ?? 0)) / 2
  const plainDoc = { ...doc, layers: doc.layers.slice(0, 2) }

  const plain = await mount(plainDoc, false)
  const base = plain.renderAt(staticTime)
  await plain.unmount()
  const normal = await mount(doc, false)
  const crashing = normal.renderAt(staticTime)
  await normal.unmount()
  const calm = await mount(doc, true)
  const calmStatic = calm.renderAt(staticTime)
  const calmCalm = calm.renderAt(calmTime)
  await calm.unmount()

  const crashChange = meanDifference(crashing, base)
  const calmChange = meanDifference(calmStatic, base)
  console.log('change from the plain dream at the crash peak: normal', crashChange.toFixed(2), 'calm', calmChange.toFixed(2))
  // the crash's peak drowns the dream; in calm mode it is barely touched
  expect(crashChange).toBeGreaterThan(calmChange * 4)
  expect(calmChange).toBeLessThan(6)
  // calm is steady: the crash peak looks like the calm phase
  expect(meanDifference(calmStatic, calmCalm)).toBeLessThan(crashChange / 3)
})
