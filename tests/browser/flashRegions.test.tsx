/**
 * The flash limiter per region, in a real browser: local strobes (a ninth of the screen, two halves of a field
 * flashing in turn, saturated red) over a smooth picture, every frame at 60 fps analysed per 10 degree window.
 * With the limiter on nothing FAILs and the rest of the picture keeps its life (far from the flash the frames are
 * the same as with the limiter off); with it off the same strobes FAIL. Frames are written to __shots__/ to look at
 * the held region's edges (coefficients are interpolated between tile centres: no seams, no blocky steps).
 */
import { expect, test } from 'vitest'
import { commands } from 'vitest/browser'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { createRegistry, defineLayer, type AnyLayerType } from '../../src/core/defineLayer'
import { p } from '../../src/core/params'
import { layerTypes } from '../../src/layers'
import { FlashAnalyser, type FlashReport } from '../../src/safety/flashAnalyser'
import { FlashLimiterEffect } from '../../src/safety/flashLimiter'
import { mountDream, type Harness } from './harness'

const W = 256
const H = 144
const FPS = 60
const SECONDS = 4

/** Test-only local strobes: box A flashes black/white (or red/grey); box B does the same in antiphase. */
const localStrobe = defineLayer({
  type: 'test-local-strobe',
  label: 'Test local strobe',
  kind: 'effect',
  description: 'Local flashes for the region safety test.',
  params: {
    hz: p.float(8, { min: 0.1, max: 60 }),
    red: p.bool(false),
    ax0: p.float(0.3, { min: 0, max: 1 }),
    ay0: p.float(0.3, { min: 0, max: 1 }),
    ax1: p.float(0.633, { min: 0, max: 1 }),
    ay1: p.float(0.633, { min: 0, max: 1 }),
    bx0: p.float(0, { min: 0, max: 1 }),
    by0: p.float(0, { min: 0, max: 1 }),
    bx1: p.float(0, { min: 0, max: 1 }),
    by1: p.float(0, { min: 0, max: 1 }),
  },
  fragment: /* glsl */ `
float inBox(vec2 p, vec2 lo, vec2 hi) { return step(lo.x, p.x) * step(p.x, hi.x) * step(lo.y, p.y) * step(p.y, hi.y); }
void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  float on = step(0.5, fract(uTime * hz));
  vec3 dark = red ? vec3(0.2126) : vec3(0.0);
  vec3 bright = red ? vec3(1.0, 0.0, 0.0) : vec3(1.0);
  vec3 color = inputColor.rgb;
  if (inBox(uv, vec2(ax0, ay0), vec2(ax1, ay1)) > 0.5) color = mix(dark, bright, on);
  if (inBox(uv, vec2(bx0, by0), vec2(bx1, by1)) > 0.5) color = mix(dark, bright, 1.0 - on);
  outputColor = vec4(color, inputColor.a);
}
`,
}) as unknown as AnyLayerType
const registry = createRegistry([...layerTypes, localStrobe])

/** A smooth, lively picture underneath: a sky whose glow drifts, so "keeps its life" means something. */
function strobeDream(params: Record<string, number | boolean>): DreamDocument {
  const doc = createDocument(registry, ['sky', 'nebula'], 99)
  doc.layers.push({ id: 'strobe', type: 'test-local-strobe', enabled: true, opacity: 1, blend: 'normal', params: { ...params } })
  return doc
}

async function run(h: Harness, keep?: (frame: Uint8Array, i: number) => void): Promise<FlashReport> {
  const analyser = new FlashAnalyser(W, H, FPS)
  for (let i = 0; i < SECONDS * FPS; i++) {
    const frame = h.renderAt(3 + i / FPS)
    analyser.push(frame)
    keep?.(frame, i)
  }
  return analyser.report()
}

/** A frame as a PNG data URL, enlarged without smoothing so tile-sized steps would show (rows flipped: GL is bottom-up). */
function enlarged(pixels: Uint8Array, factor = 3): string {
  const small = window.document.createElement('canvas')
  small.width = W
  small.height = H
  const image = small.getContext('2d')!.createImageData(W, H)
  for (let y = 0; y < H; y++) image.data.set(pixels.subarray((H - 1 - y) * W * 4, (H - y) * W * 4), y * W * 4)
  small.getContext('2d')!.putImageData(image, 0, 0)
  const big = window.document.createElement('canvas')
  big.width = W * factor
  big.height = H * factor
  const context = big.getContext('2d')!
  context.imageSmoothingEnabled = false
  context.drawImage(small, 0, 0, big.width, big.height)
  return big.toDataURL('image/png')
}

/** Share of the pixels at least `margin` (uv) outside a box that differ by more than 3 levels between two frames. */
function changedOutside(a: Uint8Array, b: Uint8Array, box: [number, number, number, number], margin: number): number {
  let changed = 0
  let total = 0
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const u = (x + 0.5) / W
      const v = (y + 0.5) / H
      if (u > box[0] - margin && u < box[2] + margin && v > box[1] - margin && v < box[3] + margin) continue
      total++
      for (let c = 0; c < 3; c++)
        if (Math.abs((a[(y * W + x) * 4 + c] ?? 0) - (b[(y * W + x) * 4 + c] ?? 0)) > 3) {
          changed++
          break
        }
    }
  return changed / total
}

const summary = (r: FlashReport) => `${r.verdict} (${r.maxTransitionsPerSecond}/s: lum ${r.luminance.maxTransitionsPerSecond}, red ${r.red.maxTransitionsPerSecond})`

/** The output pass's flash limiter (the last pass carries the output stage). */
function limiterOf(h: Harness): FlashLimiterEffect {
  const pass = h.handle.composer.passes.at(-1) as unknown as { effects: unknown[] }
  const limiter = pass.effects.find((effect) => effect instanceof FlashLimiterEffect)
  if (!limiter) throw new Error('no flash limiter in the output pass')
  return limiter as FlashLimiterEffect
}

/** Limiter on, then off, on the same mount; frames of both kept for comparison, and the held tiles of each frame. */
async function onAndOff(doc: DreamDocument) {
  const h = await mountDream({ ...doc, scene: { ...doc.scene, allowIntenseFlashing: false } }, { width: W, height: H, registry })
  const onFrames: Uint8Array[] = []
  const held: ReturnType<FlashLimiterEffect['heldTiles']>[] = []
  const on = await run(h, (frame) => {
    onFrames.push(frame)
    held.push(limiterOf(h).heldTiles(h.gl))
  })
  h.store.replace({ ...doc, scene: { ...doc.scene, allowIntenseFlashing: true } })
  const offFrames: Uint8Array[] = []
  const off = await run(h, (frame) => offFrames.push(frame))
  await h.unmount()
  return { on, off, onFrames, offFrames, held }
}

test('a strobe in a ninth of the screen is held there; the rest keeps its life', { timeout: 300_000 }, async () => {
  const box: [number, number, number, number] = [0.3, 0.3, 0.633, 0.633]
  const { on, off, onFrames, offFrames, held } = await onAndOff(strobeDream({ hz: 8 }))
  console.log('ninth, black/white 8 Hz: limiter on', summary(on), '| off', summary(off))
  expect(off.verdict).toBe('fail')
  expect(on.verdict).toBe('pass')
  expect(on.maxTransitionsPerSecond).toBeLessThanOrEqual(3)
  // far from the flash (beyond the reach of a field) the picture is the limiter-off picture (HDR highlights aside:
  // the limiter clamps before the dither, which moves a few pixels by a level or two)
  let worst = 0
  for (let i = 30; i < onFrames.length; i += 7) worst = Math.max(worst, changedOutside(onFrames[i]!, offFrames[i]!, box, 0.3))
  console.log(`far from the flash, ${(worst * 100).toFixed(2)}% of pixels differ by more than 3 levels`)
  expect(worst).toBeLessThan(0.01)
  // the limiter's per-pixel step is drawn over the held tiles only (src/scene/heldRegion.ts): nothing before the
  // strobe builds up, then a block round the flashing ninth (tiles 9.6-20.3 of 32 across, 5.4-11.4 of 18 down),
  // never the whole picture
  expect(held[0]).toBeNull()
  const holding = held.filter((tiles) => tiles !== null)
  console.log(`held tiles in ${holding.length} of ${held.length} frames; first`, JSON.stringify(holding[0]))
  expect(holding.length).toBeGreaterThan(held.length / 4)
  for (const tiles of holding) {
    expect(tiles!.low[0]).toBeGreaterThanOrEqual(4)
    expect(tiles!.high[0]).toBeLessThanOrEqual(26)
    expect(tiles!.low[1]).toBeGreaterThanOrEqual(1)
    expect(tiles!.high[1]).toBeLessThanOrEqual(16)
  }
  // held frames in both phases of the strobe, to look at: the held block and its soft edge
  for (const i of [100, 104]) {
    await commands.writeFile(`./__shots__/flash-region-held-${i}.txt`, enlarged(onFrames[i]!))
    await commands.writeFile(`./__shots__/flash-region-unheld-${i}.txt`, enlarged(offFrames[i]!))
  }
})

test('two halves of a field flashing in turn are caught together', { timeout: 300_000 }, async () => {
  // each half alone is a quarter of a window; in antiphase they flash the window twice as often
  const { on, off } = await onAndOff(strobeDream({ hz: 4, ax0: 0.3, ay0: 0.3, ax1: 0.466, ay1: 0.633, bx0: 0.466, by0: 0.3, bx1: 0.633, by1: 0.633 }))
  console.log('two halves in antiphase 4 Hz: limiter on', summary(on), '| off', summary(off))
  expect(off.verdict).toBe('fail')
  expect(on.verdict).toBe('pass')
})

test('a saturated-red strobe in a ninth of the screen is held', { timeout: 300_000 }, async () => {
  const { on, off, onFrames } = await onAndOff(strobeDream({ hz: 8, red: true, ax0: 0.55, ay0: 0.1, ax1: 0.883, ay1: 0.433 }))
  console.log('ninth, red/grey 8 Hz: limiter on', summary(on), '| off', summary(off))
  expect(off.red.verdict).toBe('fail')
  expect(on.verdict).toBe('pass')
  for (const i of [100, 104]) await commands.writeFile(`./__shots__/flash-region-red-held-${i}.txt`, enlarged(onFrames[i]!))
})
