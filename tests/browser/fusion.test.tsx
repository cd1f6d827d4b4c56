/**
 * Backdrop fusion in real WebGL2: the backdrops at the bottom of the stack drawn in one pass must give the
 * picture drawing them one by one gives, for every backdrop type, every blend mode and partial opacity, in
 * one draw call and with no relink when blends or opacities move. The exactness checks run in reference mode
 * (every layer at full resolution); soft layers at their declared resolution are checked at the end.
 */
import { afterEach, expect, test } from 'vitest'
import { createRegistry, defineLayer, type BlendMode } from '../../src/core/defineLayer'
import { createDocument, type DreamDocument } from '../../src/core/document'
import { setLayerParams, setLayerProps, setScene } from '../../src/core/documentOps'
import { layerTypes, registry } from '../../src/layers'
import { registerLiveFrames, softPassStats, updateTargetSize, type SoftPassStats } from '../../src/scene/amortisedSoftPass'
import { fusedRunLength } from '../../src/scene/backdropStack'
import { meanDifference, mountDream, pixelStats, type Harness } from './harness'

const W = 128
const H = 72
const backdropTypes = layerTypes.filter((t) => t.kind === 'backdrop').map((t) => t.type)
const BLENDS: BlendMode[] = ['normal', 'add', 'screen', 'multiply']

let mounted: Harness | undefined
afterEach(async () => {
  await mounted?.unmount()
  mounted = undefined
})

/** Every backdrop type, the bottom one opaque, the rest cycling through blend modes at partial opacity. */
function stackOf(types: string[]): DreamDocument {
  let doc = createDocument(registry, types, 11)
  doc.layers.forEach((layer, i) => {
    if (i === 0) return
    doc = setLayerProps(doc, layer.id, { blend: BLENDS[i % BLENDS.length]!, opacity: 0.55 + 0.1 * (i % 4) })
  })
  return doc
}

async function renderBothWays(doc: DreamDocument, time: number) {
  const fused = await mountDream(doc, { width: W, height: H, reference: true })
  const calls = drawCalls(fused, time)
  const fusedPixels = fused.renderAt(time)
  await fused.unmount()
  const separate = await mountDream(doc, { width: W, height: H, fuseBackdrops: false, reference: true })
  const separateCalls = drawCalls(separate, time)
  const separatePixels = separate.renderAt(time)
  await separate.unmount()
  return { fusedPixels, separatePixels, calls, separateCalls }
}

function drawCalls(h: Harness, time: number): number {
  h.renderAt(time)
  const info = h.gl.info
  info.autoReset = false
  info.reset()
  h.renderAt(time)
  const calls = info.render.calls
  info.autoReset = true
  return calls
}

function largestChannelDifference(a: Uint8Array, b: Uint8Array): number {
  let largest = 0
  for (let i = 0; i < a.length; i++) largest = Math.max(largest, Math.abs(a[i]! - b[i]!))
  return largest
}

test.each([
  ['registry order', backdropTypes],
  ['reversed', [...backdropTypes].reverse()],
])('every backdrop type fused in one pass (%s) matches drawing them one by one', async (_, types) => {
  const doc = stackOf(types)
  expect(fusedRunLength(doc.layers.map((l) => ({ layerType: registry.get(l.type)! })))).toBe(types.length)
  const { fusedPixels, separatePixels, calls, separateCalls } = await renderBothWays(doc, 3.5)
  expect(pixelStats(fusedPixels).colours, 'a real picture').toBeGreaterThan(20)
  // N backdrops: one draw instead of N
  expect(separateCalls - calls).toBe(types.length - 1)
  // the only difference allowed: the separate passes round to half floats between layers, the fused one does not
  expect(meanDifference(fusedPixels, separatePixels)).toBeLessThan(0.5)
  expect(largestChannelDifference(fusedPixels, separatePixels)).toBeLessThanOrEqual(8)
})

test('a second instance of a type ends the fused run and still draws over it correctly', async () => {
  const doc = stackOf(['sky', 'nebula', 'stars', 'nebula', 'moon'])
  expect(fusedRunLength(doc.layers.map((l) => ({ layerType: registry.get(l.type)! })))).toBe(3)
  const { fusedPixels, separatePixels, calls, separateCalls } = await renderBothWays(doc, 2)
  expect(separateCalls - calls).toBe(2)
  expect(meanDifference(fusedPixels, separatePixels)).toBeLessThan(0.5)
})

test('blend and opacity of a fused layer are uniforms: the picture changes, the program does not', async () => {
  const doc = createDocument(registry, ['sky', 'nebula', 'aurora'], 5)
  mounted = await mountDream(doc, { width: W, height: H })
  const before = mounted.renderAt(4)
  const programs = [...(mounted.gl.info.programs ?? [])]
  const nebula = doc.layers[1]!.id
  for (const blend of BLENDS) {
    mounted.store.edit((d) => setLayerProps(d, nebula, { blend, opacity: 0.8 }))
    mounted.renderAt(4)
  }
  const after = mounted.renderAt(4)
  expect(meanDifference(before, after)).toBeGreaterThan(0.5)
  const now = mounted.gl.info.programs ?? []
  expect(now.length).toBe(programs.length)
  expect(now.every((program) => programs.includes(program))).toBe(true)
})

test('soft layers render in one small pass at their declared resolution, sampled in their slot', async () => {
  // sky, nebula, clouds are soft (resolution 0.5); stars and moon stay at full resolution between them
  const doc = stackOf(['sky', 'nebula', 'stars', 'clouds', 'moon'])
  const soft = registry.get('nebula')!.resolution ?? 1
  expect(soft).toBeLessThan(1)
  const reference = await mountDream(doc, { width: W, height: H, reference: true })
  const referenceCalls = drawCalls(reference, 3)
  const referencePixels = reference.renderAt(3)
  await reference.unmount()
  mounted = await mountDream(doc, { width: W, height: H })
  const calls = drawCalls(mounted, 3)
  const pixels = mounted.renderAt(3)
  const softPrograms = (mounted.gl.info.programs ?? []).filter((program) => program.name.startsWith('dream-soft:'))
  // the stars' milky band (their soft part) joins them: the stars themselves stay in the full-size pass
  expect(softPrograms.map((program) => program.name)).toEqual(['dream-soft:sky+nebula+stars~part+clouds'])
  // two more draws (the small pass with four draw buffers, and the moon's inset: its surface at the disc's size),
  // the full-size pass no longer evaluates them
  expect(calls - referenceCalls).toBe(2)
  // the small pass draws into a target of the declared fraction of the picture (seen at the draw calls of its
  // program)
  const context = mounted.gl.getContext() as WebGL2RenderingContext
  const softProgram = softPrograms[0]!.program
  const drawArrays = context.drawArrays
  const softViewports: number[][] = []
  context.drawArrays = function (...args: Parameters<WebGL2RenderingContext['drawArrays']>) {
    if (context.getParameter(context.CURRENT_PROGRAM) === softProgram) softViewports.push([...(context.getParameter(context.VIEWPORT) as Int32Array)])
    return drawArrays.apply(context, args)
  }
  mounted.renderAt(3)
  context.drawArrays = drawArrays
  expect(softViewports).toEqual([[0, 0, Math.ceil(W * soft), Math.ceil(H * soft)]])
  // and the picture stays that of reference mode (tolerance of an upsampled soft layer)
  expect(meanDifference(pixels, referencePixels)).toBeGreaterThan(0)
  expect(meanDifference(pixels, referencePixels)).toBeLessThan(2)
})

test('behind opaque terrain the backdrop pass draws after it, depth-tested, with the picture of stack order', async () => {
  // no milky band: its soft part would be upsampled, and this compares with reference mode pixel for pixel
  const base = createDocument(registry, ['stars', 'moon', 'terrain'], 3)
  const doc = setLayerParams(base, base.layers[0]!.id, { milkyWay: 0 })
  const reference = await mountDream(doc, { width: W, height: H, reference: true })
  const referencePixels = reference.renderAt(2)
  await reference.unmount()
  mounted = await mountDream(doc, { width: W, height: H })
  const pixels = mounted.renderAt(2)
  const backdropPass = () => {
    let found: { renderOrder: number; depthTest: boolean } | undefined
    mounted!.state.scene.traverse((object) => {
      const material = (object as { material?: { name?: string; depthTest: boolean } }).material
      if (material?.name === 'dream:stars+moon') found = { renderOrder: object.renderOrder, depthTest: material.depthTest }
    })
    return found
  }
  // terrain is layer 2: the backdrops draw right after it and skip the pixels it covers
  expect(backdropPass()).toEqual({ renderOrder: 2.5, depthTest: true })
  expect(pixelStats(pixels).colours, 'a real picture').toBeGreaterThan(20)
  expect(meanDifference(pixels, referencePixels)).toBeLessThan(0.05)
  // a terrain fading out (a morph) needs the backdrops behind it again: back to first, over a clear depth (the depth
  // test stays on for an opaque lake's sheet, and passes everywhere here)
  mounted.store.edit((d) => setLayerProps(d, d.layers[2]!.id, { opacity: 0.5 }))
  const faded = mounted.renderAt(2)
  expect(backdropPass()).toEqual({ renderOrder: 0, depthTest: true })
  const fadedReference = await mountDream(setLayerProps(doc, doc.layers[2]!.id, { opacity: 0.5 }), { width: W, height: H, reference: true })
  expect(meanDifference(faded, fadedReference.renderAt(2))).toBeLessThan(0.05)
  await fadedReference.unmount()
})

// ---- amortised layers at full resolution (issue 14): test layer types whose pictures fail loudly when wrong

/** Brightness = the pixel's angular footprint (fwidth of the ray): doubles if derivatives are taken wrongly. */
const footprint = defineLayer({
  type: 'test-footprint',
  label: 'Footprint',
  kind: 'backdrop',
  description: 'pixel footprint',
  params: {},
  amortised: true,
  fragment: `vec4 renderLayer(vec3 dir, vec2 uv) {
  float pixel = length(fwidth(dir));
  return vec4(vec3(pixel * 45.0), 1.0);
}`,
})

/** A grating about four pixels a period, fixed in direction space (band-limited): any blur of it shows. */
const gridDeclaration = {
  type: 'test-grid',
  label: 'Grid',
  kind: 'backdrop',
  description: 'pixel-fine grid',
  params: {},
  amortised: true,
  fragment: `vec4 renderLayer(vec3 dir, vec2 uv) {
  vec2 angles = vec2(atan(dir.x, -dir.z), asin(clamp(dir.y, -1.0, 1.0))) * (17.0 * 6.2831853);
  float wave = 0.5 + 0.25 * (sin(angles.x) + sin(angles.y));
  return vec4(vec3(0.05 + 0.9 * wave), 1.0);
}`,
} as const
const grid = defineLayer(gridDeclaration)

/** The same grating declaring `softHistory`: a slow drift may read its history with one bilinear tap. */
const softGrid = defineLayer({ ...gridDeclaration, type: 'test-grid-soft', softHistory: true })

const testRegistry = createRegistry([...layerTypes, footprint, grid, softGrid])

/** Mean absolute difference between horizontal neighbours (luma-ish: green): the picture's fine detail. */
function detail(pixels: Uint8Array): number {
  let sum = 0
  let n = 0
  for (let y = 0; y < H; y++)
    for (let x = 1; x < W; x++) {
      sum += Math.abs(pixels[(y * W + x) * 4 + 1]! - pixels[(y * W + x - 1) * 4 + 1]!)
      n++
    }
  return sum / n
}

test('an amortised layer at full resolution is read texel for texel: a full frame is the reference picture', async () => {
  const doc = setScene(createDocument(testRegistry, ['test-grid'], 2), { cameraMotion: 'still' })
  const reference = await mountDream(doc, { width: W, height: H, registry: testRegistry, reference: true })
  const referencePixels = reference.renderAt(2)
  await reference.unmount()
  mounted = await mountDream(doc, { width: W, height: H, registry: testRegistry })
  const pixels = mounted.renderAt(2)
  expect(softPassStats(mounted.gl)).toMatchObject([{ name: 'dream-soft:test-grid', amortised: true, mode: 'full', shaded: W * H, texels: W * H }])
  expect(detail(referencePixels), 'a fine grating').toBeGreaterThan(20)
  // a tent or bilinear upsample would halve the grating's contrast
  expect(meanDifference(pixels, referencePixels)).toBeLessThan(0.5)
  expect(largestChannelDifference(pixels, referencePixels)).toBeLessThanOrEqual(3)
})

test('a live frame shades one texel of every 2 x 2, with derivatives at the spacing of the full frame', async () => {
  const doc = setScene(createDocument(testRegistry, ['test-footprint'], 2), { cameraMotion: 'still' })
  mounted = await mountDream(doc, { width: W, height: H, registry: testRegistry })
  const full = mounted.renderAt(2)
  expect(softPassStats(mounted.gl)[0]).toMatchObject({ mode: 'full', shaded: W * H })
  const unregister = registerLiveFrames(mounted.gl, { live: true })
  try {
    let live = full
    for (let i = 1; i <= 4; i++) {
      live = mounted.renderAt(2 + i / 60)
      const [width, height] = updateTargetSize(W, H)
      expect(softPassStats(mounted.gl)[0]).toMatchObject({ mode: 'amortised', shaded: width * height, texels: W * H })
    }
    // every texel was shaded fresh once in the four frames; with derivatives of the quarter-size target (two
    // soft texels apart) each would be twice as bright
    expect(pixelStats(full).mean, 'a footprint to see').toBeGreaterThan(40)
    expect(meanDifference(full, live)).toBeLessThan(0.5)
  } finally {
    unregister()
  }
})

/** A still at t = 1, then 11 live frames 0.1 s apart: the last live frame and how its soft pass drew it. */
function liveFramesAfterStill(h: Harness): { live: Uint8Array; stats: SoftPassStats } {
  h.renderAt(1)
  const unregister = registerLiveFrames(h.gl, { live: true })
  try {
    let live: Uint8Array = new Uint8Array()
    for (let i = 1; i <= 11; i++) live = h.renderAt(1 + i / 10)
    return { live, stats: { ...softPassStats(h.gl)[0]! } }
  } finally {
    unregister()
  }
}

test('under a turning camera the reprojected history stays as sharp as a full frame (Catmull-Rom)', async () => {
  // orbit: 0.03 x 3 rad/s, 0.1 s a frame: about 0.8 pixel a frame at this size, a new sub-pixel offset each time
  const doc = setScene(createDocument(testRegistry, ['test-grid'], 2), { cameraMotion: 'orbit', cameraAmount: 3 })
  mounted = await mountDream(doc, { width: W, height: H, registry: testRegistry })
  const { live, stats } = liveFramesAfterStill(mounted)
  expect(stats).toMatchObject({ mode: 'amortised', resolve: 'catmull-rom' })
  const full = mounted.renderAt(2.1) // the same moment, every texel shaded
  expect(softPassStats(mounted.gl)[0]!.mode).toBe('full')
  expect(detail(full), 'a fine grating').toBeGreaterThan(20)
  // measured: Catmull-Rom history reads keep 0.95 of the grating's detail (mean difference 3.5); bilinear ones
  // kept 0.79 (6.3): each frame resamples the history at a new sub-pixel offset
  expect(detail(live) / detail(full)).toBeGreaterThan(0.9)
  expect(meanDifference(live, full)).toBeLessThan(4.5)
})

test('under a slow drift a layer declaring softHistory reprojects with one bilinear tap, a sharp one keeps the filter (GLIDE_DRIFT_TEXELS)', async () => {
  // the orbit at a sixth of the speed above: about 0.13 pixel a frame, 0.4 over the 2 x 2 cycle: too much to carry
  // texels over in place, little enough that bilinear reads blur by at most a variance of 0.4 texel
  const slow = { cameraMotion: 'orbit', cameraAmount: 0.5 } as const
  const sharp = await mountDream(setScene(createDocument(testRegistry, ['test-grid'], 2), slow), { width: W, height: H, registry: testRegistry })
  try {
    expect(liveFramesAfterStill(sharp).stats).toMatchObject({ mode: 'amortised', resolve: 'catmull-rom' })
  } finally {
    await sharp.unmount()
  }
  const doc = setScene(createDocument(testRegistry, ['test-grid-soft'], 2), slow)
  mounted = await mountDream(doc, { width: W, height: H, registry: testRegistry })
  const { live, stats } = liveFramesAfterStill(mounted)
  expect(stats).toMatchObject({ mode: 'amortised', resolve: 'bilinear' })
  const full = mounted.renderAt(2.1)
  // measured on this one-pixel grating: bilinear reads keep 0.88 of its detail (mean difference 3.1), the filter 0.99
  // (1.4); layers whose detail is a few pixels wide (the aurora) show no difference (see softHistory)
  console.log(`glide: detail kept ${(detail(live) / detail(full)).toFixed(3)}, mean difference ${meanDifference(live, full).toFixed(2)}`)
  expect(detail(live) / detail(full)).toBeGreaterThan(0.85)
  expect(meanDifference(live, full)).toBeLessThan(4.5)
})

test('backdrops leave out the rows a floor covers (water), and the picture stays the same, full and live', async () => {
  const doc = setScene(createDocument(registry, ['sky', 'aurora', 'city', 'water'], 3), { cameraMotion: 'still' })
  const water = doc.layers.find((layer) => layer.type === 'water')!
  // at an opacity just under 1 the water hides nothing from the backdrops: they draw every row, as before floors
  const seeThrough = setLayerProps(doc, water.id, { opacity: 0.999 })
  const unclipped = await mountDream(seeThrough, { width: W, height: H })
  const unclippedPixels = unclipped.renderAt(3)
  expect(softPassStats(unclipped.gl).every((stats) => stats.skippedRows === 0)).toBe(true)
  await unclipped.unmount()

  mounted = await mountDream(doc, { width: W, height: H })
  const full = mounted.renderAt(3)
  const stats = softPassStats(mounted.gl)
  expect(stats.length).toBe(2) // the sky and the aurora at half resolution, the city at full
  for (const pass of stats) {
    // the horizon of this camera lies a little above the middle of the picture
    expect(pass.skippedRows / pass.height, pass.name).toBeGreaterThan(0.35)
    expect(pass.skippedRows / pass.height, pass.name).toBeLessThan(0.55)
    expect(pass.shaded).toBe(pass.width * (pass.height - pass.skippedRows))
  }
  expect(pixelStats(full).colours, 'a real picture').toBeGreaterThan(20)
  expect(meanDifference(full, unclippedPixels)).toBeLessThan(0.5)
  expect(largestChannelDifference(full, unclippedPixels)).toBeLessThanOrEqual(3)

  // live frames under the still camera carry texels over in place and show the same picture
  const unregister = registerLiveFrames(mounted.gl, { live: true })
  try {
    let live = full
    for (let i = 1; i <= 4; i++) live = mounted.renderAt(3 + i / 600)
    for (const pass of softPassStats(mounted.gl)) expect(pass).toMatchObject({ mode: 'amortised', carried: true })
    expect(meanDifference(live, full)).toBeLessThan(1)
  } finally {
    unregister()
  }
})

test("a layer's soft part shows when the layer is drawn on its own, as it does in a fused run", async () => {
  // the stars' milky band is a soft part: in a fused run the soft pass shades it at half resolution and the fused
  // pass adds it; drawn on its own (fusion off), the stars' material evaluates it in place (layerMaterial.ts)
  const base = createDocument(registry, ['sky', 'stars'], 7)
  const stars = base.layers[1]!.id
  const render = async (doc: DreamDocument, fuseBackdrops: boolean) => {
    const h = await mountDream(doc, { width: W, height: H, fuseBackdrops })
    const pixels = h.renderAt(3)
    await h.unmount()
    return pixels
  }
  const banded = setLayerParams(base, stars, { milkyWay: 2 })
  const fused = await render(banded, true)
  const alone = await render(banded, false)
  const none = await render(setLayerParams(base, stars, { milkyWay: 0 }), false)
  const band = meanDifference(alone, none)
  console.log(`soft part alone: band ${band.toFixed(2)}, alone vs fused ${meanDifference(alone, fused).toFixed(2)}`)
  expect(band, 'the band shows').toBeGreaterThan(4)
  expect(meanDifference(alone, fused), 'as it does fused').toBeLessThan(band / 5)
})

test("the moon's surface read from its inset matches it evaluated in place, moon and portal, and costs one small draw", async () => {
  // straight ahead (azimuth -90) and large, so the disc covers a good share of this small picture
  const base = createDocument(registry, ['sky', 'moon'], 5)
  const moon = base.layers[1]!.id
  for (const style of ['moon', 'portal'] as const) {
    const doc = setScene(setLayerParams(base, moon, { style, azimuth: -90, elevation: 6, size: 9, glow: 0.3 }), { cameraMotion: 'still' })
    const render = async (reference: boolean) => {
      const h = await mountDream(doc, { width: W, height: H, reference })
      const pixels = h.renderAt(3)
      const insetDrawn = h.gl.info.programs?.some((program) => program.name === 'dream-inset:moon') ?? false
      await h.unmount()
      return { pixels, insetDrawn }
    }
    const inset = await render(false)
    const inPlace = await render(true)
    const noMoon = await mountDream(setLayerProps(doc, moon, { opacity: 0 }), { width: W, height: H })
    const sky = noMoon.renderAt(3)
    await noMoon.unmount()
    const disc = meanDifference(inPlace.pixels, sky)
    const error = meanDifference(inset.pixels, inPlace.pixels)
    console.log(`inset ${style}: disc ${disc.toFixed(2)}, inset vs in place ${error.toFixed(3)}, largest ${largestChannelDifference(inset.pixels, inPlace.pixels)}`)
    expect(disc, 'the disc shows').toBeGreaterThan(4)
    expect(inset.insetDrawn, 'the fused run draws the inset').toBe(true)
    expect(inPlace.insetDrawn, 'reference mode evaluates it in place').toBe(false)
    // one texel per pixel of the disc, read at the nearest texel: a fraction of a code value on average
    expect(error).toBeLessThan(disc / 20)
  }
})
