/**
 * The benchmark page (built by scripts/bench.mjs, driven through `window.dreamBench` by Playwright).
 *
 * Frames are timed one by one: advance the r3f root by hand (frameloop 'never'), then read ONE pixel, which
 * forces the GPU work to finish (gl.finish() does not wait in Chromium). The raw WebGL2 baseline compiles the
 * very shader strings the host builds for backdrops (the fused pass of backdropStack.ts, or one layer's own
 * material when fusion is off) into a bare program drawing one full-screen triangle, so the ratio is our
 * overhead and nothing else.
 */
import { useFrame, type ReconcilerRoot, type RootState } from '@react-three/fiber'
import { createRoot as createDomRoot } from 'react-dom/client'
import { Color, Matrix4, PerspectiveCamera, Vector2, Vector3, type Uniform } from 'three'
import type { AnyLayerType, BlendMode } from '../src/core/defineLayer'
import { createDocument, createLayer, type DreamDocument } from '../src/core/document'
import { setLayerParams } from '../src/core/documentOps'
import { createDreamStore, type DreamStore } from '../src/core/dreamStore'
import { layerTypes, registry } from '../src/layers'
import { DreamClock } from '../src/scene/clock'
import { CAMERA_HOME } from '../src/scene/camera'
import { DreamCanvas } from '../src/scene/DreamCanvas'
import { mountFixedSize } from '../src/scene/fixedSizeRoot'
import { DreamScene } from '../src/scene/DreamScene'
import { createHostUniforms } from '../src/scene/hostUniforms'
import { createLayerMaterial } from '../src/scene/layerMaterial'
import { createFusedBackdrops } from '../src/scene/backdropStack'
import { useStore } from 'zustand'
import { createStore } from 'zustand/vanilla'
import { createQualityStore } from '../src/scene/quality'
import fbm5Fragment from './fbm5.frag'

// Presets: whatever exists at build time, through the one loader when there is one.
const presetTexts = import.meta.glob('../presets/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>
type Loader = (text: string, options: { registry: typeof registry }) => { ok: boolean; document?: DreamDocument; error?: { message: string } }
const loaderModules = import.meta.glob('../src/preset/load.ts', { eager: true }) as Record<string, { loadPreset?: Loader }>
const linkModules = import.meta.glob('../src/preset/link.ts', { eager: true }) as Record<string, { encodeLink?: (doc: DreamDocument, r: typeof registry) => string }>
const loadPreset = Object.values(loaderModules)[0]?.loadPreset
const encodeLink = Object.values(linkModules)[0]?.encodeLink

interface PresetEntry {
  name: string
  document: DreamDocument | null
  error?: string
}
const presets: PresetEntry[] = Object.entries(presetTexts)
  .filter(([file]) => !file.endsWith('.schema.json'))
  .map(([file, text]) => {
    const name = file.replace(/^.*\//, '').replace(/\.json$/, '')
    if (loadPreset) {
      const result = loadPreset(text, { registry })
      return result.ok ? { name, document: result.document! } : { name, document: null, error: result.error?.message }
    }
    return { name, document: JSON.parse(text) as DreamDocument }
  })

const layerDocument = (layerType: AnyLayerType): DreamDocument => ({ ...createDocument(registry, [], 7), layers: [createLayer(layerType)] })
const emptyDocument = (): DreamDocument => createDocument(registry, [], 7)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const nextTask = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms))

export interface SampleOptions {
  warmup: number
  minFrames: number
  maxFrames: number
  /** Stop sampling after this much measured time (heavy cases take fewer frames). */
  budgetMs: number
}

/** Runs one measured frame (including the forced GPU finish) and returns its duration in ms. */
type FrameFn = (frame: number) => number
function sample(frameFn: FrameFn, options: SampleOptions) {
  for (let i = 0; i < options.warmup; i++) frameFn(i)
  const samples: number[] = []
  let spent = 0
  // Heavy frames (seconds each on a software renderer) stop early: past 4x the budget one or two samples must do.
  const enough = () => samples.length >= options.maxFrames || (samples.length >= options.minFrames && spent >= options.budgetMs) || (samples.length >= 1 && spent >= options.budgetMs * 4)
  for (let i = 0; !enough(); i++) {
    const ms = frameFn(options.warmup + i)
    samples.push(ms)
    spent += ms
  }
  return { median: median(samples), samples }
}

// ---------------------------------------------------------------------------------------------------------
// The app side: one r3f root per size, documents swapped through the store (as loading a preset does).

interface AppRig {
  width: number
  height: number
  resize(width: number, height: number): Promise<void>
  canvas: HTMLCanvasElement
  root: ReconcilerRoot<HTMLCanvasElement>
  state: RootState
  store: DreamStore
  clock: DreamClock
  pixel: Uint8Array
  time: number
  /** Our JS per frame: from before DreamScene's frame loop to just before the composer renders. */
  probe: { start: number; total: number; frames: number }
  /** Backdrop fusion on (the app) or off (to measure what it saves). */
  fusion: ReturnType<typeof createFusionSwitch>
}

const createFusionSwitch = () => createStore<{ fuse: boolean }>(() => ({ fuse: true }))
function SwitchableScene({ fusion, ...props }: Omit<Parameters<typeof DreamScene>[0], 'fuseBackdrops'> & { fusion: AppRig['fusion'] }) {
  const fuse = useStore(fusion, (state) => state.fuse)
  return <DreamScene {...props} fuseBackdrops={fuse} />
}

function ProbeStart({ probe }: { probe: AppRig['probe'] }) {
  useFrame(() => void (probe.start = performance.now()), -1e9)
  return null
}
function ProbeEnd({ probe }: { probe: AppRig['probe'] }) {
  // priority 1 is the composer: 0.999 runs after every scene callback and before it
  useFrame(() => {
    probe.total += performance.now() - probe.start
    probe.frames++
  }, 0.999)
  return null
}

async function createAppRig(width: number, height: number): Promise<AppRig> {
  const store = createDreamStore(emptyDocument())
  const clock = new DreamClock({ pinned: 0 })
  const probe = { start: 0, total: 0, frames: 0 }
  const fusion = createFusionSwitch()
  const { root, state, canvas } = await mountFixedSize(
    width,
    height,
    <>
      <ProbeStart probe={probe} />
      <SwitchableScene store={store} registry={registry} clock={clock} fusion={fusion} />
      <ProbeEnd probe={probe} />
    </>,
    { preserveDrawingBuffer: false },
  )
  await nextTask(50)
  const rig: AppRig = {
    width,
    height,
    canvas,
    root,
    state,
    store,
    clock,
    pixel: new Uint8Array(4),
    time: 1000,
    probe,
    fusion,
    // Same context, same programs: only the canvas and the composer's targets change size.
    async resize(w: number, h: number) {
      if (rig.width === w && rig.height === h) return
      rig.width = w
      rig.height = h
      canvas.style.width = `${w}px`
      canvas.style.height = `${h}px`
      await root.configure({ size: { width: w, height: h, top: 0, left: 0 } })
      await nextTask(30)
    },
  }
  return rig
}

function appFrame(rig: AppRig, dreamTime: number, readPixel: boolean): number {
  const started = performance.now()
  rig.clock.pinned = dreamTime
  rig.time += 16.67
  rig.state.advance(rig.time)
  if (readPixel) {
    const gl = rig.state.gl.getContext()
    gl.readPixels(rig.width >> 1, rig.height >> 1, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, rig.pixel)
  }
  return performance.now() - started
}

/**
 * Paired frames: after one untimed round (compiles, first uploads), each iteration times every frame once, in
 * the given order on odd iterations and reversed on even ones, so no frame always follows the same neighbour.
 */
async function alternate<K extends string>(frames: Record<K, (i: number) => Promise<number>>, iterations: number) {
  const names = Object.keys(frames) as K[]
  for (const name of names) await frames[name](0)
  const runs: Record<K, number>[] = []
  for (let i = 1; i <= iterations; i++) {
    const times = {} as Record<K, number>
    for (const name of i % 2 ? names : [...names].reverse()) times[name] = await frames[name](i)
    runs.push(times)
  }
  return runs
}

/**
 * Paired measurements switch documents on one context: show the document (programs come from three's cache
 * after the first time), draw one frame untimed (first uploads after a switch), then time the next.
 */
async function appPairFrame(rig: AppRig, doc: DreamDocument, fuse: boolean): Promise<number> {
  await showDocument(rig, doc, fuse)
  appFrame(rig, 2, true)
  return appFrame(rig, 2.05, true)
}

async function showDocument(rig: AppRig, doc: DreamDocument, fuse = true) {
  if (rig.store.getState().document === doc && rig.fusion.getState().fuse === fuse) return
  rig.fusion.setState({ fuse })
  rig.store.replace(doc)
  await nextTask(30) // React commits the new structure (materials, composer passes)
}

// ---------------------------------------------------------------------------------------------------------
// The raw WebGL2 side: the same GLSL, no library.

interface RawRig {
  width: number
  height: number
  gl: WebGL2RenderingContext
  pixel: Uint8Array
  programs: Map<string, RawProgram>
  halfFloatTarget: WebGLFramebuffer | null
  resize(width: number, height: number): void
}
interface RawProgram {
  program: WebGLProgram
  uTime: WebGLUniformLocation | null
  /** null: drawn without blending (the fused pass replaces the clear colour) */
  blend: BlendMode | null
  upload(): void
  resize(width: number, height: number): void
}

function createRawRig(width: number, height: number): RawRig {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  canvas.style.cssText = `width:${width}px;height:${height}px;display:block`
  document.body.appendChild(canvas)
  const context = canvas.getContext('webgl2', { antialias: false, alpha: true, depth: true, preserveDrawingBuffer: false, powerPreference: 'high-performance' })
  if (!context) throw new Error('no WebGL2')
  const gl: WebGL2RenderingContext = context
  const buffer = gl.createBuffer()
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer)
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 0, 3, -1, 0, -1, 3, 0]), gl.STATIC_DRAW)
  // Same render target format as the app's composer (RGBA16F), for the "why" column of the report.
  let halfFloatTarget: WebGLFramebuffer | null = null
  if (gl.getExtension('EXT_color_buffer_float') || gl.getExtension('EXT_color_buffer_half_float')) {
    const texture = gl.createTexture()
    gl.bindTexture(gl.TEXTURE_2D, texture)
    gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA16F, width, height)
    halfFloatTarget = gl.createFramebuffer()
    gl.bindFramebuffer(gl.FRAMEBUFFER, halfFloatTarget)
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0)
    if (gl.checkFramebufferStatus(gl.FRAMEBUFFER) !== gl.FRAMEBUFFER_COMPLETE) halfFloatTarget = null
    gl.bindFramebuffer(gl.FRAMEBUFFER, null)
  }
  const rig: RawRig = { width, height, gl, pixel: new Uint8Array(4), programs: new Map(), halfFloatTarget, resize }
  function resize(w: number, h: number) {
    if (rig.width === w && rig.height === h) return
    rig.width = canvas.width = w
    rig.height = canvas.height = h
    canvas.style.cssText = `width:${w}px;height:${h}px;display:block`
    if (rig.halfFloatTarget) {
      const texture = gl.createTexture()
      gl.bindTexture(gl.TEXTURE_2D, texture)
      gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA16F, w, h)
      gl.bindFramebuffer(gl.FRAMEBUFFER, rig.halfFloatTarget)
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0)
      gl.bindFramebuffer(gl.FRAMEBUFFER, null)
    }
    // the resolution and camera aspect are uniforms: re-upload them for the new size
    for (const raw of rig.programs.values()) raw.resize(w, h)
  }
  return rig
}

const RAW_VERTEX_PREFIX = `#version 300 es
precision highp float;
precision highp int;
#define attribute in
#define varying out
in vec3 position;
`
const RAW_FRAGMENT_PREFIX = `#version 300 es
precision highp float;
precision highp int;
#define varying in
#define texture2D texture
layout(location = 0) out highp vec4 pc_fragColor;
#define gl_FragColor pc_fragColor
`

function compile(gl: WebGL2RenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!
  gl.shaderSource(shader, source)
  gl.compileShader(shader)
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`raw compile failed: ${gl.getShaderInfoLog(shader)}`)
  return shader
}

/** The host camera's matrices, so ray directions match the app's. */
function hostCameraMatrices(width: number, height: number, fov: number) {
  const camera = new PerspectiveCamera(fov, width / height, 0.1, 400)
  camera.position.set(...(CAMERA_HOME.position as [number, number, number]))
  camera.lookAt(...(CAMERA_HOME.target as [number, number, number]))
  camera.updateMatrixWorld(true)
  camera.updateProjectionMatrix()
  return { world: camera.matrixWorld.clone(), inverseProjection: camera.projectionMatrixInverse.clone() }
}

/**
 * A raw program from the app's own shader strings: `fused` = the one pass the app draws for these backdrops
 * at the bottom of the stack (no blending); otherwise one layer's own material, blended as the app blends it.
 */
function rawProgram(rig: RawRig, layerTypes: AnyLayerType[], fused: boolean): RawProgram {
  const key = `${fused ? 'fused' : 'layer'}:${layerTypes.map((t) => t.type).join('+')}`
  const cached = rig.programs.get(key)
  if (cached) return cached
  const { gl } = rig
  const host = createHostUniforms()
  const material = fused
    ? createFusedBackdrops(layerTypes.map((layerType) => ({ layerType, values: layerType.defaults, blend: layerType.blend ?? 'normal' })), host).material
    : createLayerMaterial(layerTypes[0]!, layerTypes[0]!.defaults, host).material
  const program = gl.createProgram()!
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, RAW_VERTEX_PREFIX + material.vertexShader))
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, RAW_FRAGMENT_PREFIX + material.fragmentShader))
  gl.bindAttribLocation(program, 0, 'position')
  gl.linkProgram(program)
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`raw link failed: ${gl.getProgramInfoLog(program)}`)
  const fov = emptyDocument().scene.fov
  const size = (w: number, h: number) => {
    const camera = hostCameraMatrices(w, h, fov)
    host.uResolution.value.set(w, h)
    host.uCameraWorld.value.copy(camera.world)
    host.uInverseProjection.value.copy(camera.inverseProjection)
  }
  size(rig.width, rig.height)
  host.uSeed.value = 0.7217
  const uniforms = material.uniforms as Record<string, Uniform<unknown>>
  const upload = () => {
    const count = gl.getProgramParameter(program, gl.ACTIVE_UNIFORMS) as number
    for (let i = 0; i < count; i++) {
      const info = gl.getActiveUniform(program, i)!
      const location = gl.getUniformLocation(program, info.name)
      const value = uniforms[info.name]?.value
      if (location === null || value === undefined) continue
      if (value instanceof Matrix4) gl.uniformMatrix4fv(location, false, value.elements)
      else if (value instanceof Vector2) gl.uniform2f(location, value.x, value.y)
      else if (value instanceof Vector3) gl.uniform3f(location, value.x, value.y, value.z)
      else if (value instanceof Color) gl.uniform3f(location, value.r, value.g, value.b)
      else if (typeof value === 'boolean') gl.uniform1i(location, value ? 1 : 0)
      else if (typeof value === 'number') {
        if (info.type === gl.FLOAT) gl.uniform1f(location, value)
        else gl.uniform1i(location, value)
      }
    }
  }
  gl.useProgram(program)
  upload()
  material.dispose()
  const resize = (w: number, h: number) => {
    size(w, h)
    gl.useProgram(program)
    upload()
  }
  const made = { program, uTime: gl.getUniformLocation(program, 'uTime'), blend: fused ? null : (layerTypes[0]!.blend ?? 'normal'), upload, resize }
  rig.programs.set(key, made)
  return made
}

function setBlend(gl: WebGL2RenderingContext, blend: BlendMode | null) {
  if (blend === null) return gl.disable(gl.BLEND)
  gl.enable(gl.BLEND)
  if (blend === 'multiply') gl.blendFuncSeparate(gl.DST_COLOR, gl.ZERO, gl.ONE, gl.ONE_MINUS_SRC_ALPHA)
  else if (blend === 'screen') gl.blendFuncSeparate(gl.ONE_MINUS_DST_COLOR, gl.ONE, gl.ONE, gl.ONE_MINUS_SRC_ALPHA)
  else if (blend === 'add') gl.blendFuncSeparate(gl.ONE, gl.ONE, gl.ONE, gl.ONE_MINUS_SRC_ALPHA)
  else gl.blendFuncSeparate(gl.ONE, gl.ONE_MINUS_SRC_ALPHA, gl.ONE, gl.ONE_MINUS_SRC_ALPHA)
}

const halfPixel = new Float32Array(4)
/** Draw the given backdrop programs in order (none = clear only) and wait for the GPU. */
function rawFrame(rig: RawRig, programs: RawProgram[], dreamTime: number, halfFloat: boolean): number {
  const { gl } = rig
  const started = performance.now()
  const target = halfFloat ? rig.halfFloatTarget : null
  gl.bindFramebuffer(gl.FRAMEBUFFER, target)
  gl.viewport(0, 0, rig.width, rig.height)
  gl.clearColor(0, 0, 0, 1)
  gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT)
  gl.enableVertexAttribArray(0)
  gl.vertexAttribPointer(0, 3, gl.FLOAT, false, 0, 0)
  for (const raw of programs) {
    gl.useProgram(raw.program)
    gl.uniform1f(raw.uTime, dreamTime)
    setBlend(gl, raw.blend)
    gl.drawArrays(gl.TRIANGLES, 0, 3)
  }
  if (target) gl.readPixels(rig.width >> 1, rig.height >> 1, 1, 1, gl.RGBA, gl.FLOAT, halfPixel)
  else gl.readPixels(rig.width >> 1, rig.height >> 1, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, rig.pixel)
  return performance.now() - started
}

// ---------------------------------------------------------------------------------------------------------
// Cases and the API Playwright drives.

export type BenchCase =
  | { id: string; kind: 'app'; doc: DreamDocument; fuse?: boolean }
  /** fused: the layers' one fused program; otherwise each layer's own program, blended, one pass each */
  | { id: string; kind: 'raw'; layers: AnyLayerType[]; halfFloat: boolean; fused: boolean }

const backdrops = layerTypes.filter((t) => t.kind === 'backdrop')
const stackTypes = backdrops.slice(0, 4)

function buildCases(): BenchCase[] {
  const cases: BenchCase[] = [
    { id: 'app:empty', kind: 'app', doc: emptyDocument() },
    { id: 'raw:empty', kind: 'raw', layers: [], halfFloat: false, fused: false },
    { id: 'raw16f:empty', kind: 'raw', layers: [], halfFloat: true, fused: false },
  ]
  for (const layerType of layerTypes) {
    cases.push({ id: `app:layer:${layerType.type}`, kind: 'app', doc: layerDocument(layerType) })
    if (layerType.kind === 'backdrop') {
      // a backdrop alone is a fused pass of one
      cases.push({ id: `raw:layer:${layerType.type}`, kind: 'raw', layers: [layerType], halfFloat: false, fused: true })
      cases.push({ id: `raw16f:layer:${layerType.type}`, kind: 'raw', layers: [layerType], halfFloat: true, fused: true })
    }
  }
  if (stackTypes.length >= 2) {
    const doc = createDocument(registry, stackTypes.map((t) => t.type), 7)
    cases.push({ id: 'app:stack', kind: 'app', doc })
    cases.push({ id: 'app:stack-separate', kind: 'app', doc, fuse: false })
    cases.push({ id: 'raw:stack', kind: 'raw', layers: stackTypes, halfFloat: false, fused: true })
    cases.push({ id: 'raw:stack-separate', kind: 'raw', layers: stackTypes, halfFloat: false, fused: false })
    cases.push({ id: 'raw16f:stack', kind: 'raw', layers: stackTypes, halfFloat: true, fused: true })
    cases.push({ id: 'raw16f:stack-separate', kind: 'raw', layers: stackTypes, halfFloat: true, fused: false })
  }
  for (const preset of presets) if (preset.document) cases.push({ id: `app:preset:${preset.name}`, kind: 'app', doc: preset.document })
  return cases
}

let frameRig: { app: AppRig; empty: AppRig; raw: RawRig } | undefined
let cpuRig: AppRig | undefined
let cases: BenchCase[] = []

/**
 * One context per role for every size: the case document (compiled once per case, whatever the sizes and
 * rounds), the empty document (kept mounted, so the fixed cost is measured next to every case without
 * recompiling anything) and raw WebGL2.
 */
async function rigFor(width: number, height: number) {
  frameRig ??= { app: await createAppRig(width, height), empty: await createAppRig(width, height), raw: createRawRig(width, height) }
  await frameRig.app.resize(width, height)
  await frameRig.empty.resize(width, height)
  frameRig.raw.resize(width, height)
  return frameRig
}

async function measureOne(id: string, app: AppRig, raw: RawRig, options: SampleOptions) {
  const benchCase = cases.find((c) => c.id === id)
  if (!benchCase) throw new Error(`unknown case ${id}`)
  if (benchCase.kind === 'raw') {
    if (benchCase.halfFloat && !raw.halfFloatTarget) return { median: Number.NaN, samples: [] as number[] }
    const programs = benchCase.fused && benchCase.layers.length > 0 ? [rawProgram(raw, benchCase.layers, true)] : benchCase.layers.map((t) => rawProgram(raw, [t], false))
    return sample((i) => rawFrame(raw, programs, 2 + i * 0.05, benchCase.halfFloat), options)
  }
  await showDocument(app, benchCase.doc, benchCase.fuse ?? true)
  const info = app.state.gl.info
  info.autoReset = false
  const result = sample((i) => {
    info.reset()
    return appFrame(app, 2 + i * 0.05, true)
  }, options)
  const resources = { programs: info.programs?.length ?? 0, calls: info.render.calls, triangles: info.render.triangles }
  info.autoReset = true
  return { ...result, resources }
}

// ---------------------------------------------------------------------------------------------------------
// Frame cost against the raw fbm5 yardstick (issue 14): paired frames, one context per mounted document.

const FBM5_VERTEX = `${RAW_VERTEX_PREFIX}
varying vec2 vUv;
void main() {
  vUv = position.xy * 0.5 + 0.5;
  gl_Position = vec4(position.xy, 0.0, 1.0);
}
`

/** Bare WebGL2: one full-screen triangle of 5-octave 3D simplex fbm into the canvas, then a 1-pixel read. */
function createFbm5Rig(width: number, height: number) {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  canvas.style.cssText = `width:${width}px;height:${height}px;display:block`
  document.body.appendChild(canvas)
  const gl = canvas.getContext('webgl2', { antialias: false, alpha: true, depth: true, preserveDrawingBuffer: false, powerPreference: 'high-performance' })
  if (!gl) throw new Error('no WebGL2')
  const program = gl.createProgram()!
  gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, FBM5_VERTEX))
  gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, RAW_FRAGMENT_PREFIX + fbm5Fragment))
  gl.bindAttribLocation(program, 0, 'position')
  gl.linkProgram(program)
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`fbm5 link failed: ${gl.getProgramInfoLog(program)}`)
  const buffer = gl.createBuffer()
  gl.bindBuffer(gl.ARRAY_BUFFER, buffer)
  gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 0, 3, -1, 0, -1, 3, 0]), gl.STATIC_DRAW)
  gl.useProgram(program)
  gl.uniform2f(gl.getUniformLocation(program, 'uResolution'), width, height)
  const uTime = gl.getUniformLocation(program, 'uTime')
  const pixel = new Uint8Array(4)
  return {
    frame(dreamTime: number): number {
      const started = performance.now()
      gl.viewport(0, 0, width, height)
      gl.enableVertexAttribArray(0)
      gl.vertexAttribPointer(0, 3, gl.FLOAT, false, 0, 0)
      gl.useProgram(program)
      gl.uniform1f(uTime, dreamTime)
      gl.drawArrays(gl.TRIANGLES, 0, 3)
      gl.readPixels(width >> 1, height >> 1, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel)
      return performance.now() - started
    },
    dispose() {
      gl.getExtension('WEBGL_lose_context')?.loseContext()
      canvas.remove()
    },
  }
}

/** `empty`, `empty-unlimited`, `preset:<name>` or `layer:<type>`, optionally `@reference` (every layer full resolution). */
function costDocument(id: string): { doc: DreamDocument; reference: boolean } {
  const [what, mode] = id.split('@')
  const reference = mode === 'reference'
  if (what === 'empty') return { doc: emptyDocument(), reference }
  // the output stage with the flash limiter skipped (a document that allows intense flashing)
  if (what === 'empty-unlimited') {
    const doc = emptyDocument()
    return { doc: { ...doc, scene: { ...doc.scene, allowIntenseFlashing: true } }, reference }
  }
  const [kind, name] = what!.split(':')
  if (kind === 'preset') {
    const preset = presets.find((p) => p.name === name)
    if (!preset?.document) throw new Error(`no preset ${name}`)
    return { doc: preset.document, reference }
  }
  const layerType = layerTypes.find((t) => t.type === name)
  if (kind !== 'layer' || !layerType) throw new Error(`unknown cost case ${id}`)
  return { doc: layerDocument(layerType), reference }
}

async function mountCostRig(width: number, height: number, id: string) {
  const { doc, reference } = costDocument(id)
  const store = createDreamStore(doc)
  const clock = new DreamClock({ pinned: 0 })
  const mounted = await mountFixedSize(width, height, <DreamScene store={store} registry={registry} clock={clock} reference={reference} />, {
    preserveDrawingBuffer: false,
  })
  await nextTask(50)
  const gl = mounted.state.gl
  const pixel = new Uint8Array(4)
  let time = 1000
  return {
    frame(dreamTime: number): number {
      const started = performance.now()
      clock.pinned = dreamTime
      time += 16.67
      mounted.state.advance(time)
      const context = gl.getContext()
      context.readPixels(width >> 1, height >> 1, 1, 1, context.RGBA, context.UNSIGNED_BYTE, pixel)
      return performance.now() - started
    },
    resources: () => ({ programs: gl.info.programs?.length ?? 0 }),
    dispose() {
      mounted.dispose()
      gl.forceContextLoss()
    },
  }
}

const api = {
  /**
   * Frame cost over the raw fbm5 yardstick, paired: each case is mounted in its own context and stays mounted
   * (nothing recompiles), and every iteration draws one frame of each case and one fbm5 frame at the same size,
   * in an order reversed every other iteration. A case's ratio is the median over iterations of
   * (case frame / fbm5 frame of the same iteration), so the slow drift of a shared machine cancels.
   */
  async pairedCost(ids: string[], size: [number, number], iterations: number, dreamTime = 6) {
    const [width, height] = size
    api.release()
    const fbm5 = createFbm5Rig(width, height)
    const rigs: Record<string, Awaited<ReturnType<typeof mountCostRig>>> = {}
    try {
      for (const id of ids) rigs[id] = await mountCostRig(width, height, id)
      const frames: Record<string, (i: number) => Promise<number>> = { fbm5: async (i) => fbm5.frame(dreamTime + i * 0.05) }
      for (const id of ids) frames[id] = async (i) => rigs[id]!.frame(dreamTime + i * 0.05)
      // first round untimed (compiles, first uploads), then `iterations` timed rounds
      const runs = await alternate(frames, iterations)
      const out: Record<string, { ms: number; ratio: number; ratios: number[]; programs?: number }> = {}
      for (const id of ['fbm5', ...ids]) {
        const ratios = runs.map((run) => run[id]! / run.fbm5!)
        out[id] = { ms: median(runs.map((run) => run[id]!)), ratio: median(ratios), ratios, ...(rigs[id] ? rigs[id].resources() : {}) }
      }
      return out
    } finally {
      for (const rig of Object.values(rigs)) rig.dispose()
      fbm5.dispose()
    }
  },

  info() {
    const probe = document.createElement('canvas').getContext('webgl2')
    const debug = probe?.getExtension('WEBGL_debug_renderer_info')
    const renderer = probe && debug ? String(probe.getParameter(debug.UNMASKED_RENDERER_WEBGL)) : String(probe?.getParameter(probe.RENDERER))
    probe?.getExtension('WEBGL_lose_context')?.loseContext()
    cases = buildCases()
    return {
      renderer,
      userAgent: navigator.userAgent,
      loader: loadPreset ? 'src/preset/load.ts loadPreset' : 'JSON.parse (no loader yet)',
      layerTypes: layerTypes.map((t) => ({ type: t.type, kind: t.kind, resolution: t.resolution ?? 1 })),
      stack: stackTypes.map((t) => t.type),
      presets: presets.map((p) => ({ name: p.name, layers: p.document?.layers.map((l) => l.type) ?? [], error: p.error })),
      cases: cases.map((c) => c.id),
    }
  },

  /**
   * One backdrop's overhead against raw WebGL2, with paired frames: each iteration draws the layer and the
   * empty document in the app (the same context, switching documents; programs stay cached), then the same
   * program and a bare clear in raw WebGL2 (order alternating), and keeps the two differences. Pairing cancels
   * the slow drift of a shared machine, which block medians do not.
   */
  async pairedOverhead(type: string, size: [number, number], iterations: number) {
    const layerType = layerTypes.find((t) => t.type === type)
    if (!layerType || layerType.kind !== 'backdrop') throw new Error(`${type} is not a backdrop`)
    const [width, height] = size
    const { app, raw } = await rigFor(width, height)
    const withLayer = layerDocument(layerType)
    const empty = emptyDocument()
    const program = [rawProgram(raw, [layerType], true)]
    const halfFloat = raw.halfFloatTarget !== null
    const frames = {
      app: () => appPairFrame(app, withLayer, true),
      empty: () => appPairFrame(app, empty, true),
      raw: async (i: number) => rawFrame(raw, program, 2 + i * 0.05, halfFloat),
      clear: async (i: number) => rawFrame(raw, [], 2 + i * 0.05, halfFloat),
    }
    const runs = await alternate(frames, iterations)
    const appOwn = runs.map((t) => t.app - t.empty)
    const rawOwn = runs.map((t) => t.raw - t.clear)
    return { appOwn: median(appOwn), rawOwn: median(rawOwn), ratio: median(appOwn) / median(rawOwn), appOwnAll: appOwn, rawOwnAll: rawOwn, halfFloat }
  },

  /**
   * Fusion's saving with paired frames: the same backdrop stack drawn fused (one pass) and separate (one
   * blended pass per layer), in the app (one context, switching) and in raw WebGL2, alternating.
   */
  async pairedStack(types: string[], size: [number, number], iterations: number) {
    const stack = types.map((type) => layerTypes.find((t) => t.type === type)!)
    const [width, height] = size
    const { app, raw } = await rigFor(width, height)
    const doc = createDocument(registry, types, 7)
    const halfFloat = raw.halfFloatTarget !== null
    const fusedProgram = [rawProgram(raw, stack, true)]
    const separatePrograms = stack.map((t) => rawProgram(raw, [t], false))
    const frames = {
      fused: () => appPairFrame(app, doc, true),
      separate: () => appPairFrame(app, doc, false),
      rawFused: async (i: number) => rawFrame(raw, fusedProgram, 2 + i * 0.05, halfFloat),
      rawSeparate: async (i: number) => rawFrame(raw, separatePrograms, 2 + i * 0.05, halfFloat),
    }
    const runs = await alternate(frames, iterations)
    const saved = runs.map((t) => t.separate - t.fused)
    const rawSaved = runs.map((t) => t.rawSeparate - t.rawFused)
    const fusedMs = runs.map((t) => t.fused)
    const separateMs = runs.map((t) => t.separate)
    await showDocument(app, emptyDocument(), true)
    return { types, fusedMs: median(fusedMs), separateMs: median(separateMs), savedMs: median(saved), rawSavedMs: median(rawSaved), savedAll: saved, rawSavedAll: rawSaved }
  },

  /**
   * The flash limiter's cost (issue 11), paired frames on one context: the same document with the limiter on
   * and off (allowIntenseFlashing), alternating. The document is empty, so the "off" frame is the bare output
   * stage (clear, then the limiter pass-through and the dither): the limiter's cost is reported against it.
   */
  async limiterCost(size: [number, number], iterations: number) {
    const [width, height] = size
    const { app } = await rigFor(width, height)
    const base = emptyDocument()
    const on: DreamDocument = { ...base, scene: { ...base.scene, allowIntenseFlashing: false } }
    const off: DreamDocument = { ...base, scene: { ...base.scene, allowIntenseFlashing: true } }
    const runs = await alternate({ on: () => appPairFrame(app, on, true), off: () => appPairFrame(app, off, true) }, iterations)
    await showDocument(app, emptyDocument(), true)
    const onMs = median(runs.map((t) => t.on))
    const offMs = median(runs.map((t) => t.off))
    const limiterMs = median(runs.map((t) => t.on - t.off))
    return { iterations, onMs, offMs, limiterMs, ratio: limiterMs / offMs }
  },

  /** Several cases at one size, in the given order: one resize for all of them (a resize costs seconds here). */
  async measureGroup(ids: string[], size: [number, number], options: SampleOptions) {
    const [width, height] = size
    const { app, empty, raw } = await rigFor(width, height)
    const out: Record<string, { median: number; samples: number[]; resources?: object }> = {}
    for (const id of ids) out[id] = await measureOne(id, id === 'app:empty' ? empty : app, raw, options)
    return out
  },

  /** Median frame ms of one case at each size (same document, same programs); resource counts for app cases. */
  async measure(id: string, sizes: [number, number][], options: SampleOptions) {
    const out: Record<string, { median: number; samples: number[]; resources?: object; setupMs: number }> = {}
    for (const [width, height] of sizes) {
      const started = performance.now()
      const { app, empty, raw } = await rigFor(width, height)
      const result = await measureOne(id, id === 'app:empty' ? empty : app, raw, options)
      out[`${width}x${height}`] = { ...result, setupMs: performance.now() - started - result.samples.reduce((a, b) => a + b, 0) }
    }
    return out
  },

  /** CPU side of a frame with many layers: our frame-loop JS, and the whole advance() (three included), no GPU wait. */
  async cpu(frames: number, withEdits: boolean) {
    // tiny canvas: this measures the CPU side, and heavy layers would otherwise keep the GPU busy for minutes
    cpuRig ??= await createAppRig(32, 18)
    const app = cpuRig
    const types = layerTypes.filter((t) => !t.glitch).map((t) => t.type)
    const doc = createDocument(registry, types, 7)
    await showDocument(app, doc)
    for (let i = 0; i < 20; i++) appFrame(app, i * 0.05, true) // compile + warm up
    const target = doc.layers.find((l) => registry.get(l.type)?.kind === 'backdrop')!
    const key = Object.entries(registry.get(target.type)!.params).find(([, s]) => s.kind === 'float')?.[0]
    app.probe.total = 0
    app.probe.frames = 0
    const advance: number[] = []
    const ours: number[] = []
    for (let i = 0; i < frames; i++) {
      const before = app.probe.total
      if (withEdits && key) app.store.edit((d) => setLayerParams(d, target.id, { [key]: 0.5 + 0.25 * Math.sin(i) }), `${target.id}.${key}`)
      // every 10th frame waits for the GPU, so the command queue never runs far ahead
      advance.push(appFrame(app, 2 + i * 0.05, false))
      ours.push(app.probe.total - before)
      if (i % 10 === 9) appFrame(app, 2 + i * 0.05, true)
    }
    appFrame(app, 0, true)
    // performance.now() is coarsened (~0.1 ms) in a page that is not cross-origin isolated: means, not medians
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    return { layers: doc.layers.length, types, advanceMs: mean(advance), oursMs: mean(ours), advanceMedianMs: median(advance), frames }
  },

  /** For heap profiling from outside: n frames of a many-layer document, no GPU wait. */
  async prepareHeap() {
    await api.cpu(30, false)
  },
  runFrames(count: number) {
    const rig = cpuRig!
    for (let i = 0; i < count; i++) appFrame(rig, 3 + i * 0.016, i % 10 === 9)
  },

  /** Free the measuring contexts (the adaptive run wants the GPU to itself). */
  release() {
    for (const rig of [frameRig?.app, frameRig?.empty, cpuRig]) {
      if (!rig) continue
      rig.root.unmount()
      rig.canvas.remove()
    }
    frameRig?.raw.gl.getExtension('WEBGL_lose_context')?.loseContext()
    frameRig = undefined
    cpuRig = undefined
  },

  /** Share-link payload for a preset (time-to-first-frame of the viewer route). */
  linkPayload(name: string) {
    const preset = presets.find((p) => p.name === name)
    if (!preset?.document || !encodeLink) return null
    return encodeLink(preset.document, registry)
  },

  /** Adaptive quality in a real animation loop (DreamCanvas, frameloop 'always'). */
  async adaptive(name: string, width: number, height: number, targetFps: number, seconds: number) {
    const preset = presets.find((p) => p.name === name)
    if (!preset?.document) throw new Error(`no preset ${name}`)
    api.release()
    const host = document.createElement('div')
    host.style.cssText = `width:${width}px;height:${height}px;position:fixed;left:0;top:0`
    document.body.appendChild(host)
    const store = createDreamStore(preset.document)
    const quality = createQualityStore()
    const timeline: { t: number; fps: number; level: number; dpr: number }[] = []
    const deltas: number[] = []
    let lastLog = performance.now()
    const started = performance.now()
    function Recorder() {
      useFrame((_, delta) => {
        deltas.push(delta)
        const now = performance.now()
        if (now - lastLog >= 1000) {
          const recent = deltas.splice(0)
          const q = quality.getState()
          timeline.push({ t: Math.round((now - started) / 100) / 10, fps: recent.length / recent.reduce((a, b) => a + b, 0), level: q.level, dpr: q.dpr })
          lastLog = now
        }
      })
      return null
    }
    const root = createDomRoot(host)
    root.render(
      <DreamCanvas
        store={store}
        registry={registry}
        clock={new DreamClock()}
        dpr={1}
        adaptiveQuality={{ targetFps }}
        qualityStore={quality}
        guard={{ storage: null }}
      >
        <Recorder />
      </DreamCanvas>,
    )
    await nextTask(seconds * 1000)
    const final = quality.getState()
    root.unmount()
    host.remove()
    const tail = timeline.slice(-3)
    return {
      timeline,
      finalLevel: final.level,
      finalDpr: final.dpr,
      overrides: Object.fromEntries([...final.overrides].map(([id, values]) => [preset.document!.layers.find((l) => l.id === id)?.type ?? id, values])),
      settledFps: tail.length ? median(tail.map((x) => x.fps)) : Number.NaN,
    }
  },
}

declare global {
  interface Window {
    dreamBench: typeof api
  }
}
window.dreamBench = api
