/**
 * Temporal amortisation of the soft passes (issue 14): a live frame shades one soft texel of every 2 x 2 (or of
 * every 4 x 4, for layers that declare `amortised: 4`: they change only by slow fades).
 *
 * Layers that declare `amortised` (src/core/defineLayer.ts) change slowly, so a texel shaded three frames ago,
 * moved to where the camera now sees its direction, is as good as a fresh one. Each live frame their soft pass
 * renders into a quarter-size "update" target whose texels stand for one texel of every 2 x 2 block (a fixed
 * 4-frame cycle of offsets, 16 for 4 x 4 blocks; the layers see the soft texel's own uv, ray and jitter, and derivatives scaled to
 * the soft texel spacing, so a fresh texel is what a whole soft pass would have shaded there). A resolve pass
 * then writes the soft-size history: fresh texels straight from the update target, the others reprojected from
 * last frame's history (each texel's view direction with this frame's camera, projected with last frame's
 * camera: backdrops depend on direction only), or the fresh neighbours' average where that falls off the
 * picture. Discarding three texels of four inside a full-size pass would save nothing (GPUs shade 2 x 2 quads
 * together): hence the separate target. At full resolution (sharp layers: city windows) the history is read with
 * a Catmull-Rom filter: under a drifting camera every frame resamples it at sub-texel offsets, and bilinear taps
 * would blur it a little more each time until the texel is shaded again.
 *
 * Only live frames of the playing loop are amortised, and only when they follow the last frame closely (see
 * canAmortise). Everything else draws every texel: reference mode has no soft passes; stills and video frames
 * (drawn with renderFrame, outside the loop), a paused edit, a seek, a resize, the first frame, a structure
 * change, a big time step and a camera cut are full refreshes, so captures stay deterministic. The live loop is
 * known per renderer (registerLiveFrames: the frame scheduler registers its loop for every canvas, whatever its
 * quality settings). Soft passes whose layers are not amortised draw every texel every frame.
 */
import {
  GLSL3,
  LinearFilter,
  Matrix4,
  Mesh,
  NoBlending,
  ShaderMaterial,
  Uniform,
  Vector2,
  Vector3,
  Vector4,
  WebGLRenderTarget,
  type Camera,
  type Texture,
  type WebGLRenderer,
} from 'three'
import type { SoftPass } from './backdropStack'
import { FULL_SCREEN_TRIANGLE } from './fullscreenPass'
import { CAMERA_GLSL, type HostUniforms } from './hostUniforms'
import { targetType } from './targetPrecision'

/**
 * The texel of each block shaded on successive live frames, in ordered-dither (Bayer) order: each frame's texels
 * lie as far as possible from the ones shaded just before (for 2 x 2: diagonals first, so two frames cover both).
 */
export function amortisePhases(block: 2 | 4): readonly (readonly [number, number])[] {
  const order: [number, number][] = []
  const bayer = (x: number, y: number, size: number): number =>
    size === 1 ? 0 : 4 * bayer(x % (size / 2), y % (size / 2), size / 2) + [0, 2, 3, 1][(x >= size / 2 ? 1 : 0) + (y >= size / 2 ? 2 : 0)]!
  for (let y = 0; y < block; y++) for (let x = 0; x < block; x++) order[bayer(x, y, block)] = [x, y]
  return order
}

/** The phases of a 2 x 2 block (layers that declare `amortised: true`). */
export const AMORTISE_PHASES = amortisePhases(2)
const PHASES = { 2: AMORTISE_PHASES, 4: amortisePhases(4) } as const

/** The share of its soft texels a soft layer is shaded for in a live frame (adaptive quality's cost model). */
export const liveShadedFraction = (block: 1 | 2 | 4): number => 1 / (block * block)
export const LIVE_SHADED_FRACTION = liveShadedFraction(2)
/**
 * The resolve's work per soft texel in noise evaluations (a reprojection and a few texture reads per layer):
 * what a live frame pays besides the quarter of the texels it shades.
 */
export const RESOLVE_COST = 1

/**
 * Largest drift (in texels) a texel carried over in place may collect before it is shaded again: the resolve
 * carries texels over from the same texel, instead of reprojecting them, while the camera's turns over the last
 * cycle of phases (3 frames for 2 x 2 blocks, 15 for 4 x 4) add up to less than this. The dream's drift turns a
 * 1280-wide picture by ~0.04 texel a frame: 2 x 2 passes carry, a 4 x 4 one (the city) reprojects at that size.
 */
export const STILL_DRIFT_TEXELS = 0.3

/**
 * Largest drift (in texels, over the last cycle of phases) under which a full-resolution pass of layers that
 * declare `softHistory` reprojects its history with one bilinear tap instead of a Catmull-Rom filter.
 * A bilinear read a fraction f of a texel off its centre blurs by a variance f (1 - f) <= f, so a texel carried over
 * the cycle collects at most this much variance before it is shaded again (a blur of 0.87 texel at most, 0.5 at the
 * dream's drift at 60 frames a second); the filter's five taps cost four more full-size texture reads (the
 * masterpiece's aurora resolve at 1280 x 720, when the aurora was drawn at full size: 49 ms with the filter, 28 with one
 * tap, on a software renderer).
 * Faster turns (an orbiting camera, a studio flight) keep the Catmull-Rom filter: their blur would add up.
 */
export const GLIDE_DRIFT_TEXELS = 0.75

/** Dream seconds between two frames beyond which old texels are stale enough to show (a seek, a stall). */
export const MAX_AMORTISED_STEP = 0.25
/** A camera turn larger than this between frames is a cut: too little of the old picture is left to reuse. */
export const MAX_AMORTISED_TURN_DEGREES = 15

/** What decides whether a frame may reuse the last one's soft texels. */
export interface SoftFrameFacts {
  /** Drawn by the playing loop (not a still, a video frame or a one-off frame for a change while idle). */
  live: boolean
  /** Dream time of the frame. */
  time: number
  /** The soft targets' size (a resize or a new quality scale changes it). */
  width: number
  height: number
  /** The document the frame shows: an edit is shown in full in its own frame. */
  document: unknown
  /** The camera's forward direction (world). */
  forward: Vector3
}

/** Whether the frame `current`, drawn after `previous`, may be amortised (see the file comment). */
export function canAmortise(previous: SoftFrameFacts | null, current: SoftFrameFacts): boolean {
  if (!current.live || !previous) return false
  if (previous.width !== current.width || previous.height !== current.height) return false
  if (previous.document !== current.document) return false
  const step = current.time - previous.time
  if (!(step > 0 && step <= MAX_AMORTISED_STEP)) return false
  return previous.forward.dot(current.forward) >= Math.cos((MAX_AMORTISED_TURN_DEGREES * Math.PI) / 180)
}

/** The update target's size for a soft target of `width` x `height`: one texel per block (2 x 2 or 4 x 4). */
export function updateTargetSize(width: number, height: number, block: number = 2): [number, number] {
  return [Math.max(1, Math.ceil(width / block)), Math.max(1, Math.ceil(height / block))]
}

/** Whether the frames a renderer draws right now belong to the playing loop, per renderer. */
const liveLoops = new WeakMap<object, { readonly live: boolean }>()

/**
 * Tells the soft passes of the scene drawn by `renderer` how frames come about (the frame scheduler's loop state:
 * `live` is true while a frame of the playing loop is drawn). Returns the unregister.
 */
export function registerLiveFrames(renderer: object, loop: { readonly live: boolean }): () => void {
  liveLoops.set(renderer, loop)
  return () => {
    if (liveLoops.get(renderer) === loop) liveLoops.delete(renderer)
  }
}

/** Whether the frame `renderer` is drawing now is a live frame that may be amortised. */
export const isLiveFrame = (renderer: object): boolean => liveLoops.get(renderer)?.live ?? false

/**
 * Catmull-Rom history reads for full-resolution passes: the bicubic through the 4 x 4 texels around the point,
 * from five bilinear taps (the weights of the two middle texels of each axis merged into one tap between them;
 * the four corner taps, whose weights are tiny, left out and the rest renormalised). At a texel centre the
 * weights are exactly (0, 1, 0, 0): a still camera reads the history unchanged. Texture reads are most of the
 * cost (a software renderer paid ~0.4 fbm5 frames per full-size tap), so the four side taps are read only where
 * the middle tap is not black: their weights are negative, so over black the clamped result is black anyway
 * (within DARK), and most of a sharp layer's texels (the sky between the towers, the night between the
 * curtains) are that.
 */
function catmullRomGlsl(count: number): string {
  const indices = [...Array(count).keys()]
  const tap = (at: string, weight: string) => indices.map((i) => `    sum${i} += texture(uHistory${i}, ${at}) * (${weight});`).join('\n')
  return `
// premultiplied linear values below this are black to the side taps (~1/4 of an 8-bit step after encoding)
#define DARK 0.001
void readHistory(vec2 uv) {
  vec2 position = uv * uSoftSize;
  vec2 centre = floor(position - 0.5) + 0.5;
  vec2 f = position - centre;
  vec2 w0 = f * (-0.5 + f * (1.0 - 0.5 * f));
  vec2 w1 = 1.0 + f * f * (-2.5 + 1.5 * f);
  vec2 w2 = f * (0.5 + f * (2.0 - 1.5 * f));
  vec2 w3 = f * f * (-0.5 + 0.5 * f);
  vec2 w12 = w1 + w2;
  vec2 t12 = (centre + w2 / w12) / uSoftSize;
${indices.map((i) => `  resolved${i} = texture(uHistory${i}, t12);`).join('\n')}
  vec4 brightest = ${indices.map((i) => `resolved${i}`).join(' + ')};
  if (max(max(brightest.r, brightest.g), max(brightest.b, brightest.a)) > DARK) {
    vec2 t0 = (centre - 1.0) / uSoftSize;
    vec2 t3 = (centre + 2.0) / uSoftSize;
${indices.map((i) => `    vec4 sum${i} = resolved${i} * (w12.x * w12.y);`).join('\n')}
${tap('vec2(t12.x, t0.y)', 'w12.x * w0.y')}
${tap('vec2(t0.x, t12.y)', 'w0.x * w12.y')}
${tap('vec2(t3.x, t12.y)', 'w3.x * w12.y')}
${tap('vec2(t12.x, t3.y)', 'w12.x * w3.y')}
    float total = w12.x * (w0.y + w12.y + w3.y) + (w0.x + w3.x) * w12.y;
    // the negative lobes may overshoot: colours and coverage stay in range (premultiplied)
${indices.map((i) => `    resolved${i} = clamp(sum${i} / total, 0.0, 65504.0);
    resolved${i}.a = min(resolved${i}.a, 1.0);`).join('\n')}
  }
}
`
}

/** Bilinear history reads for passes below full resolution (the fused pass upsamples them with a tent anyway). */
const bilinearGlsl = (count: number) => `
void readHistory(vec2 uv) {
${[...Array(count).keys()].map((i) => `  resolved${i} = texture(uHistory${i}, uv);`).join('\n')}
}
`

/**
 * The resolve pass: history texels from the update target (fresh) or last frame's history (reprojected); `sharp`:
 * the history is read with Catmull-Rom (full-resolution passes). `still`: the camera has not turned enough to
 * move any texel (STILL_DRIFT_TEXELS), so each texel is carried over from itself: two fetches, no reprojection.
 */
export function resolveFragmentShader(count: number, sharp: boolean, still = false, block: 2 | 4 = 2): string {
  const indices = [...Array(count).keys()]
  const shift = block === 4 ? 2 : 1
  if (still)
    return `
${indices.map((i) => `uniform sampler2D uFresh${i};\nuniform sampler2D uHistory${i};\nlayout(location = ${i}) out highp vec4 resolved${i};`).join('\n')}
uniform ivec2 uPhase;
void main() {
  ivec2 texel = ivec2(gl_FragCoord.xy);
  ivec2 q = texel - uPhase;
  bool fresh = ((q.x | q.y) & ${block - 1}) == 0;
${indices.map((i) => `  resolved${i} = fresh ? texelFetch(uFresh${i}, q >> ${shift}, 0) : texelFetch(uHistory${i}, texel, 0);`).join('\n')}
}
`
  return `
${indices.map((i) => `uniform sampler2D uFresh${i};\nuniform sampler2D uHistory${i};\nlayout(location = ${i}) out highp vec4 resolved${i};`).join('\n')}
uniform ivec2 uPhase;
uniform vec2 uSoftSize;
uniform vec2 uUpdateSize;
// this texel's direction in last frame's clip space (x, y, w), from the vertices (REPROJECT_VERTEX)
varying vec3 vPreviousClip;
// the lowest uv height of last frame's history that holds this pass's texels (rows under a floor are not drawn)
uniform float uHistoryFloor;
${sharp ? catmullRomGlsl(count) : bilinearGlsl(count)}

void main() {
  ivec2 texel = ivec2(gl_FragCoord.xy);
  ivec2 q = texel - uPhase;
  // a software renderer runs both sides of every branch, so the three sources cost what they cost together:
  // the history read, and one tap of the update target for a fresh texel (at its centre: the texel exactly)
  // or, off last frame's picture, between the fresh neighbours
  bool fresh = ((q.x | q.y) & ${block - 1}) == 0;
  vec3 clip = vPreviousClip;
  vec2 previous = clip.xy / clip.z * 0.5 + 0.5;
  vec2 margin = 0.5 / uSoftSize;
  bool onPicture = clip.z > 0.0 && all(greaterThanEqual(previous, vec2(margin.x, max(margin.y, uHistoryFloor)))) && all(lessThanEqual(previous, 1.0 - margin));
  readHistory(clamp(previous, vec2(0.0), vec2(1.0)));
  vec2 freshUv = fresh ? (vec2(q >> ${shift}) + 0.5) / uUpdateSize : (vec2(q) / ${block}.0 + 0.5) / uUpdateSize;
${indices.map((i) => `  vec4 fresh${i} = texture(uFresh${i}, freshUv);\n  resolved${i} = fresh || !onPicture ? fresh${i} : resolved${i};`).join('\n')}
}
`
}

const CARRY_VERTEX = `
void main() {
  gl_Position = vec4(position.xy, 0.0, 1.0);
}
`

/**
 * A texel's ray in last frame's clip space is linear in its position on screen (a fixed projection and rotation
 * applied to (x, y, 1)), so the three vertices compute it and the rasterizer's interpolation is exact. Per pixel
 * the same three matrix products made the resolve cost 42 ms at 1280 x 720 on a software renderer, against 24.
 */
const REPROJECT_VERTEX = `
${CAMERA_GLSL}
// a world direction -> last frame's clip space (its projection times its view rotation)
uniform mat4 uPreviousRays;
varying vec3 vPreviousClip;
void main() {
  gl_Position = vec4(position.xy, 0.0, 1.0);
  vec4 view = uInverseProjection * vec4(position.xy, 1.0, 1.0);
  vec3 dir = (uCameraWorld * vec4(view.xyz / view.w, 0.0)).xyz;
  vPreviousClip = (uPreviousRays * vec4(dir, 0.0)).xyw;
}
`

const softTarget = (count: number) =>
  new WebGLRenderTarget(1, 1, { count, type: targetType(), depthBuffer: false, minFilter: LinearFilter, magFilter: LinearFilter })

/** How the last soft frame was drawn (tests and the bench count texels, not time). */
export interface SoftPassStats {
  /** The soft pass's program name (`dream-soft:<types>`). */
  name: string
  /** Its layers declare `amortised` (live frames may shade a quarter of its texels). */
  amortised: boolean
  /** The side of the block of texels of which a live frame shades one (1: not amortised). */
  block: number
  mode: 'full' | 'amortised' | 'none'
  /** Texels the layers were shaded for in the last frame. */
  shaded: number
  /** The last amortised frame carried texels over in place (a still camera) instead of reprojecting them. */
  carried?: boolean
  /** How the last amortised frame read its history: in place, or reprojected through one of the two filters. */
  resolve?: 'carry' | 'bilinear' | 'catmull-rom'
  /**
   * Rows at the bottom left out under a floor (src/scene/floorCover.ts), of the target shaded last: the soft target
   * in a full frame, the update target in an amortised one.
   */
  skippedRows: number
  /** Texels of the soft target, and its size. */
  texels: number
  width: number
  height: number
}

/** The soft passes' stats of the scenes a renderer draws (tests read them after a frame). */
const statsByRenderer = new WeakMap<object, Set<SoftPassStats>>()

/** Makes `stats` readable through softPassStats(renderer) until the returned unregister runs. */
export function registerSoftPassStats(renderer: object, stats: readonly SoftPassStats[]): () => void {
  let set = statsByRenderer.get(renderer)
  if (!set) statsByRenderer.set(renderer, (set = new Set()))
  for (const entry of stats) set.add(entry)
  return () => stats.forEach((entry) => set.delete(entry))
}

/** How each soft pass of `renderer`'s scene drew its last frame. */
export const softPassStats = (renderer: object): SoftPassStats[] => [...(statsByRenderer.get(renderer) ?? [])]

/** A program the soft passes draw with, and the target it draws into (warmup.ts compiles it before the first frame). */
export interface SoftProgram {
  object: Mesh
  target: WebGLRenderTarget
}

export interface AmortisedSoftPass {
  /** Sizes the soft targets (the history) for this frame; a new size discards the history. */
  setSize(width: number, height: number): void
  /**
   * Draws the soft layers for this frame, in full or amortised, and points the fused pass at the result;
   * `firstRow`: the soft rows below it lie under a floor and are left out (0: every row).
   */
  render(gl: WebGLRenderer, camera: Camera, softMesh: Mesh, amortise: boolean, firstRow?: number): void
  readonly stats: SoftPassStats
  /** The programs a live frame draws with besides the soft pass's own (the resolve), with their targets. */
  readonly programs: readonly SoftProgram[]
  dispose(): void
}

const shiftDirection = new Vector4()
const shiftView = new Vector4()
/** Screen points the shift is measured at: the corners and the centre (a turn moves the corners most). */
const SHIFT_POINTS = [-1, -1, 1, -1, -1, 1, 1, 1, 0, 0] as const

/**
 * The largest shift in texels, over the picture, between where each view direction is now and where
 * `previousRays` (last frame's camera) put it: what the camera's turn since then moved the backdrops by.
 */
function largestShift(previousRays: Matrix4, host: Pick<HostUniforms, 'uCameraWorld' | 'uInverseProjection'>, width: number, height: number): number {
  let largest = 0
  for (let i = 0; i < SHIFT_POINTS.length; i += 2) {
    const x = SHIFT_POINTS[i]!
    const y = SHIFT_POINTS[i + 1]!
    shiftView.set(x, y, 1, 1).applyMatrix4(host.uInverseProjection.value)
    shiftDirection.set(shiftView.x / shiftView.w, shiftView.y / shiftView.w, shiftView.z / shiftView.w, 0).applyMatrix4(host.uCameraWorld.value)
    shiftDirection.w = 0
    shiftDirection.applyMatrix4(previousRays)
    if (!(shiftDirection.w > 0)) return Infinity
    const dx = (shiftDirection.x / shiftDirection.w - x) * 0.5 * width
    const dy = (shiftDirection.y / shiftDirection.w - y) * 0.5 * height
    largest = Math.max(largest, Math.abs(dx), Math.abs(dy))
  }
  return largest
}

/** Draws `mesh` into `target` from row `firstRow` up (the rows below are left as they are). */
function drawRows(gl: WebGLRenderer, target: WebGLRenderTarget, firstRow: number, mesh: Mesh, camera: Camera): void {
  target.scissor.set(0, firstRow, target.width, target.height - firstRow)
  target.scissorTest = firstRow > 0
  gl.setRenderTarget(target)
  gl.render(mesh, camera)
  target.scissorTest = false
}

/** A soft pass whose layers are not amortised: every texel, every frame, straight into its target. */
function createFullSoftPass(pass: SoftPass): AmortisedSoftPass {
  const stats: SoftPassStats = { name: pass.material.name, amortised: false, block: 1, mode: 'none', shaded: 0, skippedRows: 0, texels: 0, width: 0, height: 0 }
  return {
    stats,
    programs: [],
    setSize(width, height) {
      if (pass.target.width !== width || pass.target.height !== height) pass.target.setSize(width, height)
    },
    render(gl, camera, softMesh, _amortise, firstRow = 0) {
      drawRows(gl, pass.target, firstRow, softMesh, camera)
      stats.mode = 'full'
      stats.skippedRows = firstRow
      stats.texels = pass.target.width * pass.target.height
      stats.shaded = pass.target.width * (pass.target.height - firstRow)
      stats.width = pass.target.width
      stats.height = pass.target.height
    },
    dispose() {},
  }
}

/** The drawing of a soft pass: amortised on live frames when its layers declare it, else in full every frame. */
export function createAmortisedSoftPass(pass: SoftPass, host: Pick<HostUniforms, 'uCameraWorld' | 'uInverseProjection'>): AmortisedSoftPass {
  if (pass.block === 1) return createFullSoftPass(pass)
  const count = pass.outputs.length
  const block = pass.block === 4 ? 4 : 2
  const phases = PHASES[block]
  // pass.target is one of the two histories: the reflection clones it, the fused pass reads the latest one
  const histories = [pass.target, softTarget(count)] as const
  const update = softTarget(count)
  let latest = 0
  let frame = 0
  /** No history to reuse yet (created, resized): the next frame is drawn in full. */
  let stale = true
  const phase = new Uniform(new Vector2())
  const softSize = new Uniform(new Vector2(1, 1))
  const updateSize = new Uniform(new Vector2(1, 1))
  const previousRays = new Uniform(new Matrix4())
  const historyFloor = new Uniform(0)
  const uniforms: Record<string, Uniform> = {
    uCameraWorld: host.uCameraWorld,
    uInverseProjection: host.uInverseProjection,
    uPhase: phase,
    uSoftSize: softSize,
    uUpdateSize: updateSize,
    uPreviousRays: previousRays,
    uHistoryFloor: historyFloor,
  }
  const fresh: Uniform<Texture>[] = []
  const history: Uniform<Texture>[] = []
  for (let i = 0; i < count; i++) {
    uniforms[`uFresh${i}`] = fresh[i] = new Uniform<Texture>(update.textures[i]!)
    uniforms[`uHistory${i}`] = history[i] = new Uniform<Texture>(histories[0].textures[i]!)
  }
  // two resolves: reprojecting texels (a turning camera) and carrying them over in place (a still one)
  const resolveMesh = (suffix: string, still: boolean, catmullRom = pass.resolution >= 1) =>
    Object.assign(
      new Mesh(
        FULL_SCREEN_TRIANGLE,
        new ShaderMaterial({
          name: `${pass.material.name}:${suffix}`,
          glslVersion: GLSL3,
          uniforms,
          vertexShader: still ? CARRY_VERTEX : REPROJECT_VERTEX,
          fragmentShader: resolveFragmentShader(count, catmullRom, still, block),
          blending: NoBlending,
          depthWrite: false,
          depthTest: false,
        }),
      ),
      { frustumCulled: false },
    )
  const sharp = pass.resolution >= 1
  const reprojectMesh = resolveMesh('resolve', false)
  const carryMesh = resolveMesh('carry', true)
  // a sharp pass of layers that declare softHistory reprojects with bilinear reads under a slow drift
  // (GLIDE_DRIFT_TEXELS); a soft one always does
  const glideMesh = sharp && pass.softHistory ? resolveMesh('glide', false, false) : reprojectMesh
  const stats: SoftPassStats = { name: pass.material.name, amortised: true, block, mode: 'none', shaded: 0, skippedRows: 0, texels: 0, width: 0, height: 0 }
  const inverse = new Matrix4()
  /** The first row last frame's history holds (rows under it were left out). */
  let previousFirstRow = 0
  /** The camera's turns (in texels) over the last frames of the cycle: the most a carried texel drifted. */
  const recentShifts = new Float64Array(phases.length - 1)

  return {
    stats,
    programs: [
      { object: reprojectMesh, target: histories[1] },
      { object: carryMesh, target: histories[1] },
      ...(glideMesh !== reprojectMesh ? [{ object: glideMesh, target: histories[1] }] : []),
    ],
    setSize(width, height) {
      if (histories[0].width === width && histories[0].height === height && histories[1].width === width) return
      stale = true
      for (const target of histories) target.setSize(width, height)
      const [updateWidth, updateHeight] = updateTargetSize(width, height, block)
      update.setSize(updateWidth, updateHeight)
    },
    render(gl, camera, softMesh, amortise, firstRow = 0) {
      const width = histories[0].width
      const height = histories[0].height
      const write = histories[1 - latest]!
      const read = histories[latest]!
      if (amortise && !stale) {
        const [ox, oy] = phases[frame++ % phases.length]!
        // update texel i stands for soft texel b i + o: uv_soft = uv_update * b W_u / W + (o + 1/2 - b/2) / W
        pass.softMap.value.set((block * update.width) / width, (block * update.height) / height, (ox + 0.5 - block / 2) / width, (oy + 0.5 - block / 2) / height)
        // neighbouring update texels are soft texels b apart: derivatives at the soft texel spacing
        pass.derivativeScale.value = 1 / block
        // update row i stands for soft rows b i .. b i + b - 1; one more below for the fresh neighbours' bilinear tap
        const updateFirstRow = Math.max(0, Math.floor(firstRow / block) - 1)
        drawRows(gl, update, updateFirstRow, softMesh, camera)
        pass.derivativeScale.value = 1
        pass.softMap.value.set(1, 1, 0, 0)
        phase.value.set(ox, oy)
        softSize.value.set(width, height)
        updateSize.value.set(update.width, update.height)
        for (let i = 0; i < count; i++) history[i]!.value = read.textures[i]!
        // history reads (Catmull-Rom reaches two texels down) only from rows last frame drew
        historyFloor.value = previousFirstRow > 0 ? (previousFirstRow + 2.5) / height : 0
        // a still camera carries texels over in place, unless rows come back that last frame left out
        recentShifts[frame % recentShifts.length] = largestShift(previousRays.value, host, width, height)
        let drift = 0
        for (let i = 0; i < recentShifts.length; i++) drift += recentShifts[i]!
        const still = firstRow >= previousFirstRow && drift < STILL_DRIFT_TEXELS
        const glide = !still && glideMesh !== reprojectMesh && drift < GLIDE_DRIFT_TEXELS
        drawRows(gl, write, firstRow, still ? carryMesh : glide ? glideMesh : reprojectMesh, camera)
        stats.mode = 'amortised'
        stats.carried = still
        stats.resolve = still ? 'carry' : sharp && !glide ? 'catmull-rom' : 'bilinear'
        stats.skippedRows = updateFirstRow
        stats.shaded = update.width * (update.height - updateFirstRow)
      } else {
        frame = 0
        stale = false
        recentShifts.fill(0)
        drawRows(gl, write, firstRow, softMesh, camera)
        stats.mode = 'full'
        stats.carried = false
        stats.skippedRows = firstRow
        stats.shaded = width * (height - firstRow)
      }
      previousFirstRow = firstRow
      stats.texels = width * height
      stats.width = width
      stats.height = height
      latest = 1 - latest
      for (let i = 0; i < count; i++) pass.outputs[i]!.value = write.textures[i]!
      // this frame's camera, for the next frame's reprojection: projection times the inverse camera rotation
      // (directions have w = 0, so the camera's position drops out)
      previousRays.value.copy(inverse.copy(host.uInverseProjection.value).invert()).multiply(inverse.copy(host.uCameraWorld.value).invert())
    },
    dispose() {
      histories[1].dispose()
      update.dispose()
      reprojectMesh.material.dispose()
      carryMesh.material.dispose()
      if (glideMesh !== reprojectMesh) glideMesh.material.dispose()
    },
  }
}
