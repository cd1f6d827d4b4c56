/**
 * The output stage in a real browser: one tone mapping (exposure, then Khronos PBR Neutral) before the flash
 * limiter measures, proven with pixels read back; and what the chain costs, as counts (passes, full-size
 * targets, programs, draw calls), not timings.
 */
import { afterEach, expect, test } from 'vitest'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { createRegistry, defineLayer, type AnyLayerType } from '../../src/core/defineLayer'
import { p } from '../../src/core/params'
import { layerTypes } from '../../src/layers'
import { FlashAnalyser } from '../../src/safety/flashAnalyser'
import { FloatType, Vector2, type Texture } from 'three'
import { createDreamStore } from '../../src/core/dreamStore'
import { loadPreset } from '../../src/preset'
import { DreamClock } from '../../src/scene/clock'
import { DreamScene, type DreamSceneHandle } from '../../src/scene/DreamScene'
import { mountFixedSize } from '../../src/scene/fixedSizeRoot'
import { setScene } from '../../src/core/documentOps'
import sleepsync from '../../presets/sleepsync-crash.json'
import { mountDream, stillThenLiveFrames, type Harness } from './harness'

/** A flat colour times a level (HDR: the composer's buffer keeps values above 1), or a strobe between 0 and it. */
const level = defineLayer({
  type: 'test-level',
  label: 'Test level',
  kind: 'effect',
  description: 'A flat HDR colour for the tone-mapping tests.',
  params: {
    level: p.float(1, { min: 0, max: 16 }),
    tint: p.color('#ffffff'),
    hz: p.float(0, { min: 0, max: 30 }),
  },
  fragment: /* glsl */ `
void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  float on = hz > 0.0 ? step(0.5, fract(uTime * hz)) : 1.0;
  outputColor = vec4(tint * level * on, inputColor.a);
}
`,
}) as unknown as AnyLayerType
/** Two small discs on black: an HDR light on the left, a pale grey below the bloom threshold on the right. */
const spots = defineLayer({
  type: 'test-spots',
  label: 'Test spots',
  kind: 'effect',
  description: 'A light and a pale disc for the bloom test.',
  params: {},
  fragment: /* glsl */ `
void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  vec2 px = uv * uResolution;
  float light = step(length(px - uResolution * vec2(0.3, 0.5)), 6.0);
  float pale = step(length(px - uResolution * vec2(0.7, 0.5)), 6.0);
  outputColor = vec4(vec3(6.0 * light + 0.6 * pale), inputColor.a);
}
`,
}) as unknown as AnyLayerType
/** A checkerboard of single pixels, dark and light: any shift of a pass's own-texel read shows as a shifted pattern. */
const pixelChecker = defineLayer({
  type: 'test-pixel-checker',
  label: 'Test pixel checker',
  kind: 'effect',
  description: 'Alternate pixels dark and light, for the pass-input sampling test.',
  params: {},
  // tied to the pixel grid: the output stage then reads it in a pass of its own, through the pass input
  pixelGrid: true,
  fragment: /* glsl */ `
void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  vec2 pixel = floor(uv * uResolution);
  outputColor = vec4(vec3(0.04 + 0.6 * mod(pixel.x + pixel.y, 2.0)), inputColor.a);
}
`,
}) as unknown as AnyLayerType
const registry = createRegistry([...layerTypes, level, spots, pixelChecker])

/** The Khronos PBR Neutral reference (the spec's formulas), for what a pixel must read. */
function neutral([r, g, b]: [number, number, number]): [number, number, number] {
  const lowest = Math.min(r, g, b)
  const offset = lowest < 0.08 ? lowest - 6.25 * lowest * lowest : 0.04
  let c = [r - offset, g - offset, b - offset]
  const peak = Math.max(...c)
  if (peak < 0.76) return c as [number, number, number]
  const room = 0.24
  const newPeak = 1 - (room * room) / (peak + room - 0.76)
  c = c.map((v) => (v * newPeak) / peak)
  const t = 1 - 1 / (0.15 * (peak - newPeak) + 1)
  return c.map((v) => v + (newPeak - v) * t) as [number, number, number]
}
const toDisplay = (linear: number) => 255 * (linear <= 0.0031308 ? 12.92 * linear : 1.055 * linear ** (1 / 2.4) - 0.055)

const W = 96
const H = 54
let mounted: Harness | null = null
afterEach(async () => {
  await mounted?.unmount()
  mounted = null
})

function levelDream(value: number, tint = '#ffffff', scene: Partial<DreamDocument['scene']> = {}, hz = 0): DreamDocument {
  const doc = createDocument(registry, [], 3)
  doc.layers.push({ id: 'level', type: 'test-level', enabled: true, opacity: 1, blend: 'normal', params: { level: value, tint, hz } })
  doc.scene = { ...doc.scene, ...scene }
  return doc
}

/** Mean R, G, B of a frame (0..255): the picture is flat, the mean takes the dither out. */
function meanRgb(pixels: Uint8Array): [number, number, number] {
  const sum = [0, 0, 0]
  for (let i = 0; i < pixels.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += pixels[i + c]!
  const n = pixels.length / 4
  return [sum[0]! / n, sum[1]! / n, sum[2]! / n]
}

/** A fresh mount each time: a jump between two levels is a flash, and the limiter would rightly hold it. */
async function shown(doc: DreamDocument): Promise<[number, number, number]> {
  await mounted?.unmount()
  mounted = await mountDream(doc, { width: W, height: H, registry })
  mounted.renderAt(1)
  return meanRgb(mounted.renderAt(1))
}

test('an HDR-bright colour is compressed towards white, not clipped per channel', async () => {
  // linear (4, 1, 0.25): a clamp shows (255, 255, 137), a yellow; Neutral keeps it orange
  const orange = await shown(levelDream(4, '#ff4010'))
  const tint = [1, 0x40 / 255, 0x10 / 255].map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
  const expected = neutral(tint.map((v) => v * 4) as [number, number, number]).map(toDisplay)
  for (let c = 0; c < 3; c++) expect(Math.abs(orange[c]! - expected[c]!), `channel ${c}: ${orange.join()} vs ${expected.join()}`).toBeLessThan(2.5)
  expect(orange[0]).toBeGreaterThan(245)
  expect(orange[1]).toBeLessThan(215) // clipped: 255
  // brighter HDR whites keep getting brighter instead of all reading 255
  const whites = [await shown(levelDream(1)), await shown(levelDream(2)), await shown(levelDream(8))].map((rgb) => rgb[0])
  expect(whites[0]).toBeLessThan(whites[1]!)
  expect(whites[1]).toBeLessThan(whites[2]!)
  expect(whites[2]).toBeLessThan(254.5)
  // below the shoulder a colour passes nearly unchanged (the toe takes at most 0.04 linear)
  const grey = await shown(levelDream(0.5))
  expect(Math.abs(grey[1] - toDisplay(0.46))).toBeLessThan(2)
})

test('exposure 2 brightens the picture by one stop before the tone mapping', async () => {
  const base = await shown(levelDream(0.25))
  const doubled = await shown(levelDream(0.25, '#ffffff', { exposure: 2 }))
  expect(Math.abs(base[1] - toDisplay(neutral([0.25, 0.25, 0.25])[1]))).toBeLessThan(2)
  expect(Math.abs(doubled[1] - toDisplay(neutral([0.5, 0.5, 0.5])[1]))).toBeLessThan(2)
  expect(doubled[1] - base[1]).toBeGreaterThan(40)
})

// The strobe is an effect layer, so it shares the output pass: the limiter measures the sample that pass draws.
test('the flash limiter measures after the tone mapping: an HDR strobe, and exposure pushing a dim one over, are made safe', async () => {
  const FPS = 60
  const run = async (doc: DreamDocument) => {
    mounted ??= await mountDream(doc, { width: W, height: H, registry })
    mounted.store.replace(doc)
    await new Promise((resolve) => setTimeout(resolve, 30))
    const analyser = new FlashAnalyser(W, H, FPS)
    for (let i = 0; i < 3 * FPS; i++) analyser.push(mounted.renderAt(i / FPS))
    return analyser.report()
  }
  // 0 <-> 6 linear at 8 Hz
  expect((await run(levelDream(6, '#ffffff', { allowIntenseFlashing: true }, 8))).verdict).toBe('fail')
  expect((await run(levelDream(6, '#ffffff', {}, 8))).verdict).toBe('pass')
  // 0 <-> 0.08 linear is below the threshold as written; exposure 4 makes it a flash on screen
  expect((await run(levelDream(0.08, '#ffffff', { allowIntenseFlashing: true, exposure: 4 }, 8))).verdict).toBe('fail')
  expect((await run(levelDream(0.08, '#ffffff', { exposure: 4 }, 8))).verdict).toBe('pass')
})

// A paused studio: dream time stands still while edits draw frames. Edits that flash the picture up and down, frame
// after frame, are let through only as often as the flash limits allow; the one held back must show once display
// time has passed. Counting dream time, no time would pass, and it would be held for as long as the dream stayed paused.
test('an edit held back while paused shows in full once display time has passed: the limiter counts frames, not dream time', async () => {
  const red = (level: number) => levelDream(level, '#ff1008')
  const bright = (await shown(red(2)))[0]
  const dark = (await shown(red(0.02)))[0]
  await mounted?.unmount()
  mounted = await mountDream(red(0.02), { width: W, height: H, registry })
  const h = mounted
  // every frame at dream time 1 s, each 1/60 s of display time after the last (the harness's frame clock)
  const frame = () => meanRgb(h.renderAt(1))[0]
  for (let i = 0; i < 10; i++) frame()
  let level = 0.02
  let held: { wanted: number; shown: number } | null = null
  for (let i = 0; i < 12 && !held; i++) {
    level = level === 2 ? 0.02 : 2
    h.store.replace(red(level))
    await new Promise((resolve) => setTimeout(resolve, 30))
    const wanted = level === 2 ? bright : dark
    const shownRed = frame()
    if (Math.abs(shownRed - wanted) > 50) held = { wanted, shown: shownRed }
  }
  expect(held, 'flashing edits are held back at some point').not.toBeNull()
  let last = held!.shown
  for (let i = 0; i < 60; i++) last = frame()
  console.log(`paused edit held at red ${held!.shown.toFixed(1)} (wanted ${held!.wanted.toFixed(1)}), ${last.toFixed(1)} a display second later`)
  expect(Math.abs(last - held!.wanted), 'shown in full a display second later, dream time standing still').toBeLessThan(2)
})

/** One frame's work, counted: composer passes, render targets drawn into by size, draw calls, programs. */
async function countFrame(doc: DreamDocument, width: number, height: number) {
  const store = createDreamStore(doc)
  let handle: DreamSceneHandle | null = null
  const { state, dispose } = await mountFixedSize(
    width,
    height,
    <DreamScene store={store} registry={registry} clock={new DreamClock({ pinned: 2 })} onReady={(ready) => (handle = ready)} />,
  )
  await new Promise((resolve) => setTimeout(resolve, 50))
  const gl = state.gl
  const context = gl.getContext() as WebGL2RenderingContext
  for (let i = 0; i < 3; i++) state.advance(1000 + i / 60)
  const targets = new Set<{ width: number; height: number; textures: readonly Texture[] }>()
  let draws = 0
  const setRenderTarget = gl.setRenderTarget.bind(gl)
  const drawArrays = context.drawArrays.bind(context)
  const drawElements = context.drawElements.bind(context)
  gl.setRenderTarget = (target, ...rest) => {
    if (target) targets.add(target as { width: number; height: number; textures: readonly Texture[] })
    setRenderTarget(target, ...rest)
  }
  context.drawArrays = (...args) => (draws++, drawArrays(...args))
  context.drawElements = (...args) => (draws++, drawElements(...args))
  state.advance(1000 + 3 / 60)
  gl.setRenderTarget = setRenderTarget
  context.drawArrays = drawArrays
  context.drawElements = drawElements
  const composer = (handle as DreamSceneHandle | null)!.composer
  const buffer = gl.getDrawingBufferSize(new Vector2())
  const sizes = [...targets].map((target) => target.width * target.height)
  const result = {
    passes: composer.passes.map((pass) => pass.name),
    fullSize: sizes.filter((pixels) => pixels >= buffer.x * buffer.y).length,
    halfOrMore: sizes.filter((pixels) => pixels >= (buffer.x * buffer.y) / 4).length,
    notFloat32: [...targets].filter((target) => target.textures[0]!.type !== FloatType).map((target) => target.textures[0]!.name || `${target.width}x${target.height}`),
    draws,
    programs: gl.info.programs?.length ?? 0,
  }
  dispose()
  await new Promise((resolve) => setTimeout(resolve, 30))
  return result
}

test('the output stage in counts: passes, full-size targets, draws and programs of an empty dream and of SleepSync Crash', async () => {
  // the scene into the composer's one full-size buffer, the output pass (tone mapping, limiter, dither) into the
  // canvas: one full-size target and nothing copied; 3 small limiter draws (the measure, with the frame before's
  // shown red and neighbourhood, and again over the rectangle the frame before held, empty here; the state, red and
  // luminance, with the coefficients), 4 in session 31 and 7 before; and the output pass again with the limiter's
  // per-pixel step in, over the held tiles only (an empty rectangle here, found from the coefficients by its vertex
  // shader: heldRegion.ts)
  const empty = await countFrame(createDocument(registry, [], 1), 320, 180)
  expect(empty.passes).toEqual(['RenderPass', 'EffectPass'])
  expect(empty.fullSize).toBe(1)
  expect(empty.draws).toBe(5)
  expect(empty.programs).toBeLessThanOrEqual(6)
  // an effect layer shares its pass with the output stage: still one full-size target and one full-screen pass
  // into the canvas; the limiter has that pass draw its sample of the picture (a 4th small draw, no new program)
  const effected = await countFrame(levelDream(0.5), 320, 180)
  expect(effected.passes).toEqual(['RenderPass', 'EffectPass'])
  expect(effected.fullSize).toBe(1)
  expect(effected.draws).toBe(6)
  // SleepSync Crash: four displacing glitches need a pass each (they read their input at other pixels), the
  // datamosh keeps one full-size history; the bloom works from half size down (before: a full-size luminance
  // target and a half-size first mip: 4 full-size targets, 7 of a quarter of the pixels or more, 32 draws);
  // the aurora renders at half resolution with the sky (until session 29 it was amortised at full resolution, a
  // fourth full-size target for its history)
  const loaded = loadPreset(sleepsync, { registry, strict: true })
  if (!loaded.ok) throw loaded.error
  const crash = await countFrame(loaded.document, 320, 180)
  // (the last of them carries the output stage too)
  expect(crash.passes).toEqual(['RenderPass', 'EffectPass', 'EffectPass', 'EffectPass', 'EffectPass'])
  expect(crash.fullSize).toBe(3)
  // (7: the flash limiter's sample of the picture, 256 x 144 at any larger size, is more than a quarter of 320 x 180)
  expect(crash.halfOrMore).toBeLessThanOrEqual(7)
  // the terrain draws its tiles in view, each at its own level of detail, in one draw (terrainTiles.ts), and the
  // coarse one for the reflection (~70 draws for the tiles, each a mesh of its own, before)
  expect(crash.draws).toBeLessThanOrEqual(35)
  // 16 before the amortised soft pass (its soft and resolve programs), one for the moon's inset (its surface), one
  // for the held region and one for the measure's held rectangle, one fewer for the red state's own draw
  expect(crash.programs).toBeLessThanOrEqual(19)
  // the test browser rasterizes on the CPU (SwiftShader), which reads, writes and blends 32-bit floats faster than
  // half floats: every target the frame drew into is 32-bit (src/scene/targetPrecision.ts)
  expect(crash.notFloat32).toEqual([])
  expect(empty.notFloat32).toEqual([])
})

test('bloom reads as light: a light glows in a smooth falloff, a pale surface below the threshold does not, and a bloom after another effect sees its picture', async () => {
  const [w, h] = [320, 180]
  const doc = createDocument(registry, ['bloom'], 4)
  doc.layers.unshift({ id: 'spots', type: 'test-spots', enabled: true, opacity: 1, blend: 'normal', params: {} })
  doc.scene = { ...doc.scene, allowIntenseFlashing: true }
  mounted = await mountDream(doc, { width: w, height: h, registry })
  mounted.renderAt(1)
  const pixels = mounted.renderAt(1)
  /** Mean green (0..255) over a ring around a disc centre. */
  const ring = (cx: number, inner: number, outer: number) => {
    let sum = 0
    let n = 0
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const d = Math.hypot(x + 0.5 - cx * w, y + 0.5 - h / 2)
        if (d < inner || d >= outer) continue
        sum += pixels[(y * w + x) * 4 + 1]!
        n++
      }
    return sum / n
  }
  const glow = [ring(0.3, 9, 13), ring(0.3, 13, 18), ring(0.3, 18, 26), ring(0.3, 26, 36)]
  expect(glow[0]).toBeGreaterThan(20)
  for (let i = 1; i < glow.length; i++) expect(glow[i]!, `falloff ${glow.map((g) => g.toFixed(1)).join(' > ')}`).toBeLessThan(glow[i - 1]!)
  expect(glow[3]).toBeGreaterThan(1)
  // the pale disc is on screen (about 0.56 after the tone mapping) yet gives no glow
  expect(ring(0.7, 0, 4)).toBeGreaterThan(180)
  expect(ring(0.7, 9, 13)).toBeLessThan(3)
})

test('live frames redraw the bloom one frame in three, the reflection on another, and look the same; stills always redraw it', async () => {
  const doc = setScene({ ...createDocument(registry, ['sky', 'moon', 'water', 'bloom']), seed: 3 }, { cameraMotion: 'still' })
  mounted = await mountDream(doc, { width: W, height: H, registry })
  const { still, live, callsAt } = stillThenLiveFrames(mounted, 3, 6)
  // live frame 1 reuses both (the still drew them), frame 2 draws the glow, frame 3 the reflection, and round again:
  // the bloom's chain (a bright pass and 13 blur draws) is dearer than the reflection's draws
  expect(live[1]!.calls).toBeGreaterThan(live[2]!.calls)
  expect(live[2]!.calls).toBeGreaterThan(live[0]!.calls)
  for (let i = 3; i < 6; i++) expect(live[i]!.calls).toBe(live[i - 3]!.calls)
  // every frame of the loop is cheaper than a still, which draws both
  expect(live[1]!.calls).toBeLessThan(still.calls)
  // a still draws both anew; a frame with a glow drawn 2/60 s earlier (live frame 4: drawn by frame 2) looks the
  // same as a fresh one
  const fresh = callsAt(3 + 4 / 60)
  expect(fresh.calls).toBe(still.calls)
  let difference = 0
  for (let i = 0; i < fresh.pixels.length; i++) if (i % 4 !== 3) difference += Math.abs(fresh.pixels[i]! - live[3]!.pixels[i]!)
  expect(difference / ((fresh.pixels.length / 4) * 3)).toBeLessThan(0.5)
})

test('a pixel ratio raised inside a frame (adaptive quality) is drawn whole in that very frame: the composer follows the canvas before it draws', async () => {
  // the sky alone: no part of the picture is black
  const doc = createDocument(registry, ['sky'], 4)
  mounted = await mountDream(doc, { width: W, height: H, registry })
  mounted.renderAt(1)
  // as the quality governor does from its frame callback: the canvas takes the new size at once, before React
  // has re-rendered anything, and the composer draws in the same frame
  mounted.state.setDpr(2)
  mounted.renderAt(1)
  const [w, h] = [2 * W, 2 * H]
  expect([mounted.canvas.width, mounted.canvas.height]).toEqual([w, h])
  // the composer drew at the new size in that frame (React's layout effects have not run yet); passes that read
  // their input by uv would otherwise stretch the old buffers, which the sky's vertical gradient would not show
  expect([mounted.handle.composer.inputBuffer.width, mounted.handle.composer.inputBuffer.height]).toEqual([w, h])
  const context = mounted.gl.getContext()
  const pixels = new Uint8Array(w * h * 4)
  context.readPixels(0, 0, w, h, context.RGBA, context.UNSIGNED_BYTE, pixels)
  /** Mean of the three channels over columns [x0, x1), every row (the sky's own gradient is vertical). */
  const band = (x0: number, x1: number) => {
    let sum = 0
    for (let y = 0; y < h; y++) for (let x = x0; x < x1; x++) for (let c = 0; c < 3; c++) sum += pixels[(y * w + x) * 4 + c]!
    return sum / ((x1 - x0) * h * 3)
  }
  const left = band(0, W)
  const right = band(W, w)
  expect(left).toBeGreaterThan(5)
  // beyond the old buffer's width the pass would read outside it: black
  expect(Math.abs(right - left), `left half ${left.toFixed(1)}, right half ${right.toFixed(1)}`).toBeLessThan(0.2 * left + 2)
})

test('every effect pass reads its own pixel through a nearest sampler, bound for its own draw alone, and every pixel stays its own', async () => {
  const doc = createDocument(registry, [], 4)
  doc.layers.push({ id: 'checker', type: 'test-pixel-checker', enabled: true, opacity: 1, blend: 'normal', params: {} })
  // a pass that also reads at offsets (filtered, through the pass input): at intensity 0 they land on the pixel itself
  doc.layers.push({ id: 'split', type: 'glitch-rgb', enabled: true, opacity: 1, blend: 'normal', params: { intensity: 0 } })
  mounted = await mountDream(doc, { width: W, height: H, registry })
  const context = mounted.gl.getContext() as WebGL2RenderingContext
  const bindSampler = context.bindSampler.bind(context)
  const bound: (WebGLSampler | null)[] = []
  context.bindSampler = (unit, sampler) => {
    bound.push(sampler)
    bindSampler(unit, sampler)
  }
  try {
    for (let frame = 0; frame < 4; frame++) {
      bound.length = 0
      const pixels = mounted.renderAt(1 + frame / 60)
      let misplaced = 0
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++) {
          const light = pixels[(y * W + x) * 4 + 1]! > 128
          if (light !== ((x + y) % 2 === 1)) misplaced++
        }
      expect(misplaced, `frame ${frame}: pixels not their own`).toBe(0)
      // three passes ([checker], [split], the output stage) from the frame after the first, once their programs are
      // known; each sampler unbound after its draw
      if (frame > 0) {
        expect(bound.filter((sampler) => sampler !== null).length, `frame ${frame}`).toBe(mounted.handle.composer.passes.length - 1)
        expect(bound.filter((sampler) => sampler === null).length).toBe(bound.filter((sampler) => sampler !== null).length)
      }
    }
  } finally {
    context.bindSampler = bindSampler
  }
})
