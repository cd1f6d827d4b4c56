/**
 * Water reflects the layers above it (src/scene/reflection.ts): the lake's pixels follow a backdrop drawn above
 * the water, which they could not do if the water only evaluated its own sky colours.
 */
import { afterEach, expect, test } from 'vitest'
import { createDocument } from '../../src/core/document'
import { setLayerParams, setLayerProps, setScene } from '../../src/core/documentOps'
import { registry } from '../../src/layers'
import { meanDifference, mountDream, stillThenLiveFrames, type Harness } from './harness'
import { FloatType, HalfFloatType, LinearFilter, PerspectiveCamera, Uniform, WebGLRenderer, WebGLRenderTarget, type Mesh, type ShaderMaterial } from 'three'
import { FullscreenPass } from '../../src/scene/fullscreenPass'
import { createReflectionStreaks } from '../../src/layers/water/streak'
import type { PlanarReflection } from '../../src/scene/reflection'

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

/** Whether the water's mesh draws with its own sky compiled out (the material of the one group it draws). */
function waterSheet(h: Harness): { skyCovered: boolean } {
  let found: { skyCovered: boolean } | undefined
  h.state.scene.traverse((object) => {
    const mesh = object as Mesh
    if (!Array.isArray(mesh.material) || mesh.material[0]?.name !== 'dream:water') return
    const drawn = mesh.geometry.groups.filter((group) => group.count > 0)
    expect(drawn.length).toBe(1)
    const material = mesh.material[drawn[0]!.materialIndex!] as ShaderMaterial
    found = { skyCovered: 'WATER_SKY_COVERED' in material.defines }
  })
  if (!found) throw new Error('no water in the scene')
  return found
}

test("under an opaque sky at full opacity the water leaves out its own sky, and the picture stays the same", async () => {
  // full opacity: the reflection covers every direction, so the water's own sky (the fallback) is compiled out
  const doc = { ...createDocument(registry, ['sky', 'aurora', 'water']), seed: 5 }
  mounted = await mountDream(doc, { width: W, height: H })
  const covered = mounted.renderAt(4)
  expect(waterSheet(mounted).skyCovered).toBe(true)
  // a hair under full opacity: the fallback is back in the program, and shows (almost) nowhere
  const sky = mounted.store.getState().document.layers[0]!.id
  mounted.store.edit((d) => setLayerProps(d, sky, { opacity: 0.999 }))
  await mounted.settle()
  const full = mounted.renderAt(4)
  expect(waterSheet(mounted).skyCovered).toBe(false)
  expect(lowerDifference(covered, full)).toBeLessThan(0.5)
  // half opacity: the water's own sky fills what the reflection leaves, as before
  mounted.store.edit((d) => setLayerProps(d, sky, { opacity: 0.5 }))
  await mounted.settle()
  mounted.renderAt(4)
  expect(waterSheet(mounted).skyCovered).toBe(false)
  await mounted.unmount()
  // no sky layer at all: the water shows its own
  mounted = await mountDream({ ...createDocument(registry, ['aurora', 'water']), seed: 5 }, { width: W, height: H })
  mounted.renderAt(4)
  expect(waterSheet(mounted).skyCovered).toBe(false)
})

test('live frames redraw the reflection one frame in three and show the same picture; stills always redraw it', async () => {
  const doc = setScene({ ...createDocument(registry, ['sky', 'aurora', 'water']), seed: 5 }, { cameraMotion: 'still' })
  mounted = await mountDream(doc, { width: W, height: H })
  const { still, live, callsAt } = stillThenLiveFrames(mounted, 3, 6)
  // live frame 3 (and 6) redraws the reflection; the others reuse it and skip its draws (the scene and the backdrop
  // passes seen in the mirror)
  expect(live[0]!.calls).toBeLessThan(live[2]!.calls)
  expect(live[1]!.calls).toBe(live[0]!.calls)
  for (let i = 3; i < 6; i++) expect(live[i]!.calls).toBe(live[i - 3]!.calls)
  // a still after live frames draws it anew; at the moment of the second live frame, whose reflection was drawn
  // 2/60 s earlier (by the still), the lake looks the same (the ripples are the water's own, drawn fresh every frame)
  const fresh = callsAt(3 + 2 / 60)
  expect(fresh.calls).toBe(still.calls)
  expect(lowerDifference(live[1]!.pixels, fresh.pixels)).toBeLessThan(0.5)
})

test('the streak pass draws a reflected light as a vertical tent whose length follows the ripples, and keeps its light', async () => {
  const size = 64
  const canvas = document.createElement('canvas')
  const gl = new WebGLRenderer({ canvas })
  try {
    // a reflection holding one bright texel in the middle; the mirrored camera looks level, so no ray meets the
    // water and the streak is as long as full wind makes it
    const target = new WebGLRenderTarget(size, size, { type: HalfFloatType, minFilter: LinearFilter, magFilter: LinearFilter, depthBuffer: false })
    const dot = new FullscreenPass(
      `varying vec2 vUv; void main() { gl_FragColor = all(equal(floor(vUv * ${size}.0), vec2(${size / 2}.0))) ? vec4(1.0) : vec4(0.0); }`,
      {},
    )
    dot.render(gl, target)
    const camera = new PerspectiveCamera(60, 1, 0.1, 100)
    camera.updateMatrixWorld()
    const reflection = { target, mirrorWorld: camera.matrixWorld, mirrorInverseProjection: camera.projectionMatrixInverse } as unknown as PlanarReflection
    const water = { level: new Uniform(-1), waveHeight: new Uniform(0), calm: new Uniform(1), speed: new Uniform(1), uSeed: new Uniform(0), uTime: new Uniform(0) }
    const streaks = createReflectionStreaks(reflection, water)
    // half floats read back as floats through a copy into a float target
    const readable = new WebGLRenderTarget(size, size, { type: FloatType, depthBuffer: false })
    const copy = new FullscreenPass('uniform sampler2D map; varying vec2 vUv; void main() { gl_FragColor = texture2D(map, vUv); }', {
      map: new Uniform(streaks.target.texture),
    })
    const column = (waveHeight: number) => {
      water.waveHeight.value = waveHeight
      streaks.render(gl)
      copy.render(gl, readable)
      const pixels = new Float32Array(size * size * 4)
      gl.readRenderTargetPixels(readable, 0, 0, size, size, pixels)
      // the light of the dot's column and the one beside it (every other tap is half a texel aside)
      return Array.from({ length: size }, (_, y) => pixels[(y * size + size / 2) * 4]! + pixels[(y * size + size / 2 + 1) * 4]!)
    }
    const lit = (values: number[]) => values.filter((v) => v > 0.002).length
    const calm = column(0) // 0.8 texel apart: the tent spans about 4 rows
    const rough = column(0.1) // 4.8 texels apart: about 24 rows
    expect(lit(calm)).toBeLessThanOrEqual(7)
    expect(lit(rough)).toBeGreaterThanOrEqual(18)
    expect(lit(rough)).toBeLessThanOrEqual(28)
    // a tent: brightest in the middle, falling off both ways
    const peak = rough.indexOf(Math.max(...rough))
    expect(Math.abs(peak - size / 2)).toBeLessThanOrEqual(1)
    expect(rough[size / 2 + 8]!).toBeLessThan(rough[size / 2 + 2]!)
    expect(rough[size / 2 - 8]!).toBeLessThan(rough[size / 2 - 2]!)
    // spread, not lost or added: the light in the two columns sums to the dot's (1) within the filter's rounding
    const total = (values: number[]) => values.reduce((a, b) => a + b, 0)
    expect(total(calm)).toBeGreaterThan(0.85)
    expect(total(calm)).toBeLessThan(1.15)
    expect(total(rough)).toBeGreaterThan(0.85)
    expect(total(rough)).toBeLessThan(1.15)
    streaks.dispose()
    copy.dispose()
    readable.dispose()
    dot.dispose()
    target.dispose()
  } finally {
    gl.dispose()
  }
})

/** The lake's depth-only sheet (WaterObject.tsx), found in the scene. */
function depthSheet(h: Harness): Mesh {
  let found: Mesh | undefined
  h.state.scene.traverse((object) => {
    const mesh = object as Mesh
    if (!Array.isArray(mesh.material) && mesh.material?.name === 'dream:water-depth') found = mesh
  })
  if (!found) throw new Error('no depth sheet in the scene')
  return found
}

/** The water's own colour mesh (its two programs). */
function lakeMesh(h: Harness): Mesh {
  let found: Mesh | undefined
  h.state.scene.traverse((object) => {
    const mesh = object as Mesh
    if (Array.isArray(mesh.material) && mesh.material[0]?.name === 'dream:water') found = mesh
  })
  if (!found) throw new Error('no water in the scene')
  return found
}

/** Share of the bottom quarter's pixels left at the clear colour (black; the output stage's dither lifts a few by a code value). */
function blankBelow(pixels: Uint8Array): number {
  const end = Math.floor(H / 4) * W * 4
  let blank = 0
  for (let i = 0; i < end; i += 4) if (pixels[i]! + pixels[i + 1]! + pixels[i + 2]! === 0) blank++
  return blank / (end / 4)
}

test("an opaque lake's depth is drawn first, so the ground and sky under it are never shaded; a faded lake lets them show", async () => {
  const doc = { ...createDocument(registry, ['sky', 'terrain', 'water']), seed: 5 }
  mounted = await mountDream(doc, { width: W, height: H })
  const withSheet = mounted.renderAt(3)
  expect(depthSheet(mounted).visible).toBe(true)
  // the sheet changes nothing in the picture: the same frame without it
  ;(depthSheet(mounted).material as ShaderMaterial).visible = false
  expect(meanDifference(withSheet, mounted.renderAt(3))).toBe(0)
  ;(depthSheet(mounted).material as ShaderMaterial).visible = true
  // with the lake's colour left out, the sheet alone keeps the terrain and the sky off the lake's pixels: it writes
  // depth before either draws (without it, the valley floor and the sky fill them)
  const lakeMaterials = lakeMesh(mounted).material as ShaderMaterial[]
  for (const material of lakeMaterials) material.visible = false
  expect(blankBelow(mounted.renderAt(3))).toBeGreaterThan(0.8)
  ;(depthSheet(mounted).material as ShaderMaterial).visible = false
  expect(blankBelow(mounted.renderAt(3))).toBeLessThan(0.1)
  ;(depthSheet(mounted).material as ShaderMaterial).visible = true
  for (const material of lakeMaterials) material.visible = true
  // faded (a morph) or blended other than normally, the lake no longer hides the ground: no sheet
  const water = mounted.store.getState().document.layers[2]!.id
  mounted.store.edit((d) => setLayerProps(d, water, { opacity: 0.5 }))
  await mounted.settle()
  mounted.renderAt(3)
  expect(depthSheet(mounted).visible).toBe(false)
  mounted.store.edit((d) => setLayerProps(d, water, { opacity: 1, blend: 'screen' }))
  await mounted.settle()
  mounted.renderAt(3)
  expect(depthSheet(mounted).visible).toBe(false)
  mounted.store.edit((d) => setLayerProps(d, water, { blend: 'normal' }))
  await mounted.settle()
  mounted.renderAt(3)
  expect(depthSheet(mounted).visible).toBe(true)
})

test('with islands between the backdrops and an opaque lake, the backdrops still leave out what the lake covers', async () => {
  // the lake is no occluder drawn ahead of the backdrops (the islands stand between), yet its sheet's depth and its
  // floor keep the sky off the pixels it will cover
  const doc = { ...createDocument(registry, ['sky', 'islands', 'water']), seed: 5 }
  mounted = await mountDream(doc, { width: W, height: H })
  const whole = mounted.renderAt(3)
  expect(blankBelow(whole)).toBeLessThan(0.1)
  for (const material of lakeMesh(mounted).material as ShaderMaterial[]) material.visible = false
  expect(blankBelow(mounted.renderAt(3))).toBeGreaterThan(0.8)
})
