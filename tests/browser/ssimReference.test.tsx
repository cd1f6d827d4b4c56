/**
 * Quality must not drop (issue 14): every built-in preset, rendered the cheap way and in reference mode (every
 * layer at full resolution, nothing cached or amortised), at 1280x720 and t = 3, 6 and 12 s, must agree to
 * SSIM >= 0.97 on luminance, frame by frame, at full resolution (no downsampling before the comparison, so fine
 * structure such as stars and grain counts). Two cheap renderings are compared:
 *
 * - stills: one frame drawn outside the loop (as stills and video frames are): soft layers at their declared
 *   resolution, every soft texel shaded;
 * - live: the last of WARM frames of the playing loop (DreamCanvas, a stepped display at 60 Hz, without adaptive
 *   quality: every playing loop amortises), whose amortised passes (soft layers, and sharp ones at full size:
 *   aurora, city) shade one texel of every 2 x 2 (or 4 x 4, as their layers declare) and reproject the rest.
 *
 * The presets are globbed, so a new preset is covered the moment it is added. The pair with the lowest SSIM of
 * each preset and kind is written to tests/browser/__shots__/ssim-<preset>-<kind>-<t>-{reference,cheap}.txt (PNG
 * data URLs, git-ignored) for looking at.
 */
import { expect, test } from 'vitest'
import { commands } from 'vitest/browser'
import { createRoot } from 'react-dom/client'
import type { RootState } from '@react-three/fiber'
import { ssim } from 'ssim.js'
import type { DreamDocument } from '../../src/core/document'
import { createDreamStore } from '../../src/core/dreamStore'
import { registry } from '../../src/layers'
import { loadPresetOrThrow } from '../../src/preset'
import { DreamClock } from '../../src/scene/clock'
import { DreamCanvas } from '../../src/scene/DreamCanvas'
import { softPassStats, updateTargetSize, type SoftPassStats } from '../../src/scene/amortisedSoftPass'
import { mountDream, steppedDisplay, toDataUrl } from './harness'

const W = 1280
const H = 720
const TIMES = [3, 6, 12]
const MIN_SSIM = 0.97
/**
 * Live frames drawn before the compared one: a full frame after the seek, then more than one cycle of the slowest
 * amortised passes (16 frames for one texel of every 4 x 4: the sky, clouds and the milky band, the city).
 */
const WARM = 17

const presetFiles = import.meta.glob('../../presets/*.json', { eager: true, import: 'default' }) as Record<string, unknown>
const presets = Object.entries(presetFiles)
  .filter(([path]) => !path.endsWith('.schema.json'))
  .map(([path, json]) => ({ name: path.split('/').pop()!.replace(/\.json$/, ''), doc: loadPresetOrThrow(json, { registry }) }))

test('the built-in presets are all here', () => {
  expect(presets.length).toBeGreaterThanOrEqual(9)
})

async function renderTimes(doc: DreamDocument, times: readonly number[], reference: boolean): Promise<Uint8Array[]> {
  const h = await mountDream(doc, { width: W, height: H, reference })
  try {
    return times.map((time) => h.renderAt(time))
  } finally {
    await h.unmount()
  }
}

interface LiveFrames {
  times: number[]
  pixels: Uint8Array[]
  /** How the amortised soft passes drew the first frame after each seek and the compared frame. */
  shaded: { first: SoftPassStats[]; last: SoftPassStats[] }[]
}

/** The playing loop, WARM frames up to each time (seeking there first), the last one read back. */
async function renderLive(doc: DreamDocument, times: readonly number[]): Promise<LiveFrames> {
  const host = document.createElement('div')
  host.style.cssText = `width:${W}px;height:${H}px;position:absolute;left:0;top:0`
  document.body.appendChild(host)
  const clock = new DreamClock({ time: 0 })
  const display = steppedDisplay()
  let state: RootState | undefined
  const root = createRoot(host)
  root.render(
    <DreamCanvas
      store={createDreamStore(doc)}
      registry={registry}
      clock={clock}
      dpr={1}
      preserveDrawingBuffer
      // no adaptive quality: the frame scheduler alone makes live frames live (and nothing is lowered)
      adaptiveQuality={false}
      guard={{ storage: null }}
      frameTiming={display.timing}
      onCreated={(created) => (state = created)}
    />,
  )
  try {
    await expect.poll(() => state !== undefined && display.waiting() > 0, { timeout: 120_000 }).toBe(true)
    const context = state!.gl.getContext()
    const out: LiveFrames = { times: [], pixels: [], shaded: [] }
    const amortisedPasses = () => softPassStats(state!.gl).filter((stats) => stats.amortised).map((stats) => ({ ...stats }))
    for (const time of times) {
      clock.seek(time - ((WARM - 1) * doc.scene.speed) / 60)
      display.step()
      const first = amortisedPasses()
      for (let i = 1; i < WARM; i++) display.step()
      const pixels = new Uint8Array(W * H * 4)
      context.readPixels(0, 0, W, H, context.RGBA, context.UNSIGNED_BYTE, pixels)
      out.times.push(clock.time)
      out.pixels.push(pixels)
      out.shaded.push({ first, last: amortisedPasses() })
    }
    return out
  } finally {
    root.unmount()
    host.remove()
  }
}

/** ssim.js wants RGBA image data; it reduces colour to luminance itself. */
const image = (pixels: Uint8Array) => ({ data: new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.byteLength), width: W, height: H })

async function keepWorst(name: string, kind: string, times: readonly number[], scores: number[], reference: Uint8Array[], cheap: Uint8Array[]) {
  const worst = scores.indexOf(Math.min(...scores))
  const t = Math.round(times[worst]!)
  await commands.writeFile(`./__shots__/ssim-${name}-${kind}-${t}-reference.txt`, toDataUrl(reference[worst]!, W, H))
  await commands.writeFile(`./__shots__/ssim-${name}-${kind}-${t}-cheap.txt`, toDataUrl(cheap[worst]!, W, H))
}

const hasAmortisedLayer = (doc: DreamDocument) => doc.layers.some((layer) => !!registry.get(layer.type)?.amortised)

for (const { name, doc } of presets) {
  test(`${name}: stills and live frames match reference mode (SSIM >= ${MIN_SSIM})`, { timeout: 600_000 }, async () => {
    const live = await renderLive(doc, TIMES)
    // the reference at the live frames' own times (a float step or two off the round ones)
    const reference = await renderTimes(doc, live.times, true)
    const still = await renderTimes(doc, live.times, false)
    const score = (frames: Uint8Array[]) => frames.map((frame, i) => ssim(image(reference[i]!), image(frame), { downsample: false }).mssim)
    const stillScores = score(still)
    const liveScores = score(live.pixels)
    const format = (scores: number[]) => scores.map((s, i) => `t=${TIMES[i]} ${s.toFixed(4)}`).join(', ')
    console.log(`ssim ${name}: still ${format(stillScores)}; live ${format(liveScores)}`)
    await keepWorst(name, 'still', live.times, stillScores, reference, still)
    await keepWorst(name, 'live', live.times, liveScores, reference, live.pixels)
    stillScores.forEach((s, i) => expect(s, `still, t = ${TIMES[i]} s`).toBeGreaterThanOrEqual(MIN_SSIM))
    liveScores.forEach((s, i) => expect(s, `live, t = ${TIMES[i]} s`).toBeGreaterThanOrEqual(MIN_SSIM))

    // counts, not timings: after a seek an amortised pass shades every texel once; a later live frame a quarter
    if (!hasAmortisedLayer(doc)) return
    for (const { first, last } of live.shaded) {
      expect(first.length).toBeGreaterThan(0)
      // every row that no floor hides (water, terrain: src/scene/floorCover.ts)
      for (const stats of first) expect(stats).toMatchObject({ mode: 'full', shaded: stats.width * (stats.height - stats.skippedRows) })
      expect(last.length).toBe(first.length)
      for (const stats of last) {
        const [width, height] = updateTargetSize(stats.width, stats.height, stats.block)
        expect(stats).toMatchObject({ mode: 'amortised', shaded: width * (height - stats.skippedRows) })
      }
    }
  })
}
