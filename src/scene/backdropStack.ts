/**
 * Backdrop fusion: the backdrops at the bottom of the stack are drawn by ONE full-screen pass.
 *
 * Drawn one by one, N backdrops are N full-screen triangles, each reading and blending the whole target. At
 * the bottom of the stack nothing has been drawn yet (the target holds the clear colour, transparent black),
 * so the blend of every layer can be done in the shader instead, in registers, exactly as the blend unit
 * would have done it, and the result written once. Blend modes and opacities stay uniforms: moving them never
 * relinks; adding, removing or reordering a backdrop builds another program (three.js caches programs by
 * source, so going back is free).
 *
 * Several layers' GLSL in one program: each slot's parameter uniforms and its `renderLayer` are renamed with
 * `#define` (`zenith` -> `d0_zenith`) while its code is pasted, then `#undef`ed; library files carry include
 * guards that hold when DREAM_FUSED_PASS is defined, so shared noise is compiled once. A type appears at most
 * once per fused pass (its helper functions would collide); a second instance of a type ends the run and
 * draws on its own.
 *
 * Soft layers (a declared `resolution` below 1: nebula, clouds) and amortised ones (declared `amortised`, at
 * any resolution: sky, aurora, city) are not evaluated by the full-size pass: a pass per (resolution, amortised)
 * renders them first, one colour attachment per layer (premultiplied, in targetPrecision's float type), and the
 * fused pass reads each one's texel in its slot, so blend order and modes stay exact in registers. Below full
 * resolution that read is an upsample (soft layers carry no hard edges of their own, and objects draw over the
 * backdrops at full resolution); at full resolution it is the texel itself, so a sharp amortised layer stays as
 * sharp. Amortised passes shade a quarter of their texels on live frames (amortisedSoftPass.ts).
 *
 * A full-resolution layer may also declare a soft part (`softPart`: the stars' milky band): its soft passes render
 * that part too, into an attachment of its own, and the fused pass adds it to the layer's sharp part with one
 * bilinear tap.
 *
 * Memory at 1280 x 720 (RGBA16F on a GPU, 8 bytes a texel; twice that where targetPrecision.ts picks 32-bit
 * floats): a full-size attachment is 7.4 MB; an amortised layer holds two histories and a quarter-size update
 * target, 2.25 attachments: 16.6 MB at full resolution, 4.1 MB at half; a soft layer that is not amortised holds
 * one (1.8 MB at half resolution).
 */
import { GLSL3, LinearFilter, NoBlending, ShaderMaterial, Uniform, Vector2, Vector3, Vector4, WebGLRenderTarget, type Texture } from 'three'
import type { BlendMode } from '../core/blend'
import { BLENDING } from './blending'
import type { AnyLayerType } from '../core/defineLayer'
import type { ParamValue } from '../core/params'
import { CAMERA_GLSL, HOST_GLSL, type HostUniforms } from './hostUniforms'
import { createInsetPass, insetGlsl, type InsetPass } from './insetPass'
import { BACKDROP_VERTEX } from './layerMaterial'
import { createParamUniforms, type UniformMap } from './layerUniforms'
import { targetType } from './targetPrecision'

/** One layer of a fused pass: its uniforms, written by the frame loop like any layer's. */
export interface BackdropSlot {
  params: UniformMap
  opacity: Uniform<number>
  /** The blend mode's weights for blending in registers (BLENDING's `registers`); see setSlotBlend. */
  blend: Uniform<Vector3>
}

/** Sets a slot's blend mode (a uniform: a new mode needs no new program). */
export function setSlotBlend(slot: BackdropSlot, mode: BlendMode): void {
  slot.blend.value.fromArray(BLENDING[mode].registers)
}

/** A small pass that renders some soft layers of a fused run, one colour attachment each. */
export interface SoftPass {
  material: ShaderMaterial
  /**
   * The soft layers' colours at the soft resolution, one attachment per layer, as the fused pass reads them.
   * Live frames may shade only some of its texels (amortisedSoftPass.ts), which then points `outputs` elsewhere.
   */
  target: WebGLRenderTarget
  /** The declared fraction of the output size this pass renders at (before adaptive quality's scale). */
  resolution: number
  /**
   * Its layers' declared `amortised`: the side of the block of texels of which a live frame shades one
   * (amortisedSoftPass.ts), the smallest of its layers'; 1 when not amortised.
   */
  block: 1 | 2 | 4
  /** Every layer in it declares `softHistory`: a slow drift may reproject its history with bilinear reads. */
  softHistory: boolean
  /** The soft resolution in texels (the layers' `uResolution`, for per-texel jitter), whatever target is drawn. */
  size: Uniform<Vector2>
  /**
   * Which soft texels the target being drawn holds: its uv -> the soft uv (xy scale, zw offset). Identity for a
   * whole soft target; a quarter-size update target holds one texel of every 2 x 2 (amortisedSoftPass.ts).
   */
  softMap: Uniform<Vector4>
  /**
   * Factor on the layers' screen-space derivatives (fwidth, dFdx, dFdy), so pixel-sized antialiasing sees the
   * spacing of soft texels whatever target is drawn: 0.5 in a quarter-size update target, whose neighbouring
   * texels stand for soft texels two apart; 1 otherwise.
   */
  derivativeScale: Uniform<number>
  /** The fused pass's sampler uniforms of this pass's layers, in attachment order. */
  outputs: Uniform<Texture>[]
}

/**
 * The soft passes' vertex shader: BACKDROP_VERTEX with the target's uv mapped to the soft texel it stands for,
 * so a quarter-size update target shades exactly the texels (uv, ray, jitter) a whole soft target would.
 */
export const SOFT_VERTEX = `
${CAMERA_GLSL}
uniform vec4 uSoftMap;
varying vec2 vUv;
varying vec3 vRayDir;
void main() {
  vUv = (position.xy * 0.5 + 0.5) * uSoftMap.xy + uSoftMap.zw;
  vec4 view = uInverseProjection * vec4(vUv * 2.0 - 1.0, 1.0, 1.0);
  vRayDir = (uCameraWorld * vec4(view.xyz / view.w, 0.0)).xyz;
  gl_Position = vec4(position.xy, 1.0, 1.0);
}
`

export interface FusedBackdrops {
  material: ShaderMaterial
  slots: BackdropSlot[]
  softPasses: SoftPass[]
  /** The insets of the slots evaluated in the fused pass (insetPass.ts), drawn before it each frame. */
  insets: InsetPass[]
  dispose(): void
}

/** Most soft layers in one small pass: WebGL2 guarantees 4 draw buffers. */
const MAX_SOFT_PER_PASS = 4

/** The resolution a layer renders at in a fused run: 1 in reference mode or when not declared. */
export function layerResolution(layerType: AnyLayerType, reference: boolean): number {
  return reference || layerType.kind !== 'backdrop' ? 1 : Math.min(1, layerType.resolution ?? 1)
}

/**
 * The side of the block of texels of which a live frame shades one (its declared `amortised`: 2 for `true`, or 4);
 * 1 when the layer is not amortised, and always in reference mode.
 */
export function amortiseBlock(layerType: AnyLayerType, reference = false): 1 | 2 | 4 {
  if (reference || layerType.kind !== 'backdrop' || !layerType.amortised) return 1
  return layerType.amortised === 4 ? 4 : 2
}

/** Whether live frames shade a layer over several frames (its declared `amortised`; never in reference mode). */
export const layerAmortised = (layerType: AnyLayerType, reference: boolean): boolean => amortiseBlock(layerType, reference) > 1

/**
 * How the fused pass gets a slot's colour: evaluated in place ('inline'), or read from a soft pass's texture:
 * upsampled below full resolution ('bilinear', one tap; 'tent', four taps, for layers that declare `dithered`)
 * or texel for texel ('texel', an amortised layer at full size).
 */
export type SlotSource = 'inline' | 'bilinear' | 'tent' | 'texel'

export function slotSource(layerType: AnyLayerType, reference: boolean): SlotSource {
  if (layerResolution(layerType, reference) < 1) return layerType.dithered ? 'tent' : 'bilinear'
  return layerAmortised(layerType, reference) ? 'texel' : 'inline'
}

/** Most layers fused into one pass (a long stack splits; keeps programs under sampler/uniform limits). */
export const MAX_FUSED = 8

interface StackEntry {
  layerType: AnyLayerType
}

/**
 * How many layers at the bottom of the stack one fused pass draws: consecutive backdrops drawn behind the
 * scene, each type once, at most MAX_FUSED. Zero when the stack does not start with a backdrop.
 */
export function fusedRunLength(entries: readonly StackEntry[]): number {
  const seen = new Set<string>()
  let length = 0
  for (const { layerType } of entries) {
    if (length >= MAX_FUSED || layerType.kind !== 'backdrop' || layerType.depth === 'over' || seen.has(layerType.type)) break
    seen.add(layerType.type)
    length++
  }
  return length
}

const slotPrefix = (slot: number) => `d${slot}_`

/** The resolution of a layer's soft part in a fused run (see `softPart`), or 0: none, or evaluated in place. */
export function softPartResolution(layerType: AnyLayerType, reference: boolean): number {
  return reference || layerType.kind !== 'backdrop' ? 0 : (layerType.softPart ?? 0)
}

/** Whether a fused slot reads its layer's inset from a texture: a declared inset, outside reference mode. */
export const insetSampled = (layerType: AnyLayerType, reference: boolean): boolean => !reference && layerType.kind === 'backdrop' && layerType.inset !== undefined

/**
 * One slot's GLSL: its uniforms, renderLayer, renderSoftPart and renderInset, renamed with the slot prefix;
 * `sampledInset`: dreamInset reads the inset texture (insetPass.ts) instead of evaluating renderInset.
 */
function slotSection(layerType: AnyLayerType, slot: number, sampledInset = false): string {
  const prefix = slotPrefix(slot)
  const inset = layerType.kind === 'backdrop' && layerType.inset !== undefined
  const names = ['renderLayer', 'renderSoftPart', ...(inset ? ['renderInset', 'dreamInset', 'dreamInsetTexture'] : []), ...Object.keys(layerType.params)]
  return [
    `// ---- slot ${slot}: ${layerType.type}`,
    ...names.map((name) => `#define ${name} ${prefix}${name}`),
    layerType.uniformDeclarations,
    inset ? insetGlsl(sampledInset) : '',
    layerType.fragment,
    ...names.map((name) => `#undef ${name}`),
  ].join('\n')
}

/**
 * The fragment shader of a fused pass over these layer types, bottom first. Slots whose source is not 'inline'
 * are not evaluated here: their premultiplied colour is read from `d<slot>_soft`, rendered by a soft pass. A
 * declared soft part is read from `d<slot>_softPart` where `partsSampled` says so, else evaluated in place; a
 * declared inset from `d<slot>_dreamInsetTexture` where `insetsSampled` says so (insetPass.ts).
 */
export function fusedFragmentShader(
  layerTypes: readonly AnyLayerType[],
  sources: readonly SlotSource[] = [],
  partsSampled: readonly boolean[] = [],
  insetsSampled: readonly boolean[] = [],
): string {
  const sampled = layerTypes.map((_, slot) => (sources[slot] ?? 'inline') !== 'inline')
  const sections = layerTypes.map((layerType, slot) => {
    const prefix = slotPrefix(slot)
    return [
      sampled[slot] ? `// ---- slot ${slot}: ${layerType.type}, sampled\nuniform sampler2D ${prefix}soft;` : slotSection(layerType, slot, insetsSampled[slot]),
      partsSampled[slot] ? `uniform sampler2D ${prefix}softPart;` : '',
      `uniform float ${prefix}opacity;`,
      `uniform vec3 ${prefix}blend;`,
    ].join('\n')
  })
  const softPart = (layerType: AnyLayerType, slot: number) => {
    const prefix = slotPrefix(slot)
    if (partsSampled[slot]) return ` + texture2D(${prefix}softPart, vUv)`
    return layerType.kind === 'backdrop' && layerType.softPart !== undefined && !sampled[slot] ? ` + ${prefix}renderSoftPart(dir, vUv)` : ''
  }
  const composite = layerTypes.map((layerType, slot) => {
    const prefix = slotPrefix(slot)
    const source = sources[slot] ?? 'inline'
    const premultiplied =
      source === 'tent'
        ? `softSample(${prefix}soft, vUv)`
        : source === 'bilinear'
          ? `texture2D(${prefix}soft, vUv)`
          : source === 'texel'
            ? `softTexel(${prefix}soft, vUv)`
            : `premultiply(${prefix}renderLayer(dir, vUv))`
    return `  composite(${premultiplied}${softPart(layerType, slot)}, ${prefix}opacity, ${prefix}blend, color, alpha);`
  })
  return `#define DREAM_FUSED_PASS
${HOST_GLSL}
varying vec2 vUv;
varying vec3 vRayDir;
${sections.join('\n')}

vec4 premultiply(vec4 layer) {
  float a = clamp(layer.a, 0.0, 1.0);
  return vec4(max(layer.rgb, 0.0) * a, a);
}
${sources.includes('tent') ? SOFT_SAMPLE_GLSL : ''}${sources.includes('texel') ? SOFT_TEXEL_GLSL : ''}
// What the blend unit does for one layer (premultiplied colour), done in registers; see applyBlend. One
// expression for every mode, its weights w a uniform (BLENDING's \`registers\`): a software renderer runs every
// branch of an if-chain on the mode, which cost five layers 0.18 fbm5 of a frame against 0.06 (micro-benchmark)
void composite(vec4 layer, float opacity, vec3 w, inout vec3 color, inout float alpha) {
  vec3 rgb = layer.rgb * opacity;
  float a = layer.a * opacity;
  color = color * (1.0 - a * w.x + rgb * w.y) + rgb * w.z;
  alpha = a + alpha * (1.0 - a);
}

void main() {
  vec3 dir = normalize(vRayDir);
  vec3 color = vec3(0.0);
  float alpha = 0.0;
${composite.join('\n')}
  gl_FragColor = vec4(color, alpha);
}
`
}

/**
 * The upsample of a dithered soft layer: four bilinear taps half a small texel apart, a [1 2 1] tent over 3 x 3
 * small texels. A plain bilinear fetch magnifies the per-texel jitter some layers march with (clouds' hash) into
 * visible ripples; the tent keeps that pattern below what a layer without hard edges of its own can show. It
 * costs four texture reads per output pixel (a sky at half resolution through it cost 1.1 fbm5 frames, shaded
 * in place 0.55, with one bilinear tap 0.15), so layers without a dither get one tap.
 */
const SOFT_SAMPLE_GLSL = `
vec4 softSample(sampler2D soft, vec2 uv) {
  vec2 h = 0.5 / vec2(textureSize(soft, 0));
  return 0.25 * (texture2D(soft, uv - h) + texture2D(soft, uv + h) + texture2D(soft, uv + vec2(h.x, -h.y)) + texture2D(soft, uv + vec2(-h.x, h.y)));
}
`

/** A full-size soft texture read in the fused pass: this pixel's own texel, no filtering at all. */
const SOFT_TEXEL_GLSL = `
vec4 softTexel(sampler2D soft, vec2 uv) {
  ivec2 size = textureSize(soft, 0);
  return texelFetch(soft, clamp(ivec2(uv * vec2(size)), ivec2(0), size - 1), 0);
}
`

/**
 * Screen-space derivatives scaled by uDerivativeScale (see SoftPass.derivativeScale), put in place of the
 * built-ins with a macro, so layer code keeps calling fwidth. The helpers call the built-ins before the macros
 * exist.
 */
const DERIVATIVE_GLSL = `
uniform float uDerivativeScale;
${['float', 'vec2', 'vec3', 'vec4']
  .map((type) =>
    ['fwidth', 'dFdx', 'dFdy'].map((name) => `${type} dream_${name}(${type} v) { return uDerivativeScale * ${name}(v); }`).join('\n'),
  )
  .join('\n')}
#define fwidth dream_fwidth
#define dFdx dream_dFdx
#define dFdy dream_dFdy
`

/** What a soft pass renders into one attachment: a slot's layer, or its soft part (`part`). */
export interface SoftEntry {
  slot: number
  part: boolean
}

/** A soft pass's fragment shader: each entry's premultiplied colour into its own draw buffer. */
export function softFragmentShader(layerTypes: readonly AnyLayerType[], entries: readonly SoftEntry[]): string {
  const slots = [...new Set(entries.map((entry) => entry.slot))]
  const sections = slots.map((slot) => slotSection(layerTypes[slot]!, slot))
  const outputs = entries.map(({ slot, part }, i) => `layout(location = ${i}) out highp vec4 softOut${i}; // slot ${slot}${part ? ', soft part' : ''}`)
  const writes = entries.map(({ slot, part }, i) =>
    part ? `  softOut${i} = ${slotPrefix(slot)}renderSoftPart(dir, vUv);` : `  softOut${i} = premultiply(${slotPrefix(slot)}renderLayer(dir, vUv));`,
  )
  return `#define DREAM_FUSED_PASS
${HOST_GLSL}
${DERIVATIVE_GLSL}
varying vec2 vUv;
varying vec3 vRayDir;
${outputs.join('\n')}
${sections.join('\n')}

vec4 premultiply(vec4 layer) {
  float a = clamp(layer.a, 0.0, 1.0);
  return vec4(max(layer.rgb, 0.0) * a, a);
}

void main() {
  vec3 dir = normalize(vRayDir);
${writes.join('\n')}
}
`
}

/**
 * The soft passes of a fused run: its soft slots and soft parts grouped by resolution and amortisation, at most
 * MAX_SOFT_PER_PASS per pass. Amortised layers of different blocks share a pass at the smaller block: a layer may
 * always be shaded more often than it needs, and a pass of its own would cost a resolve and a target more than the
 * slower layer saves.
 */
export function softPassGroups(layerTypes: readonly AnyLayerType[], reference: boolean): { resolution: number; block: 1 | 2 | 4; entries: SoftEntry[] }[] {
  const groups: { resolution: number; block: 1 | 2 | 4; entries: SoftEntry[] }[] = []
  const join = (entry: SoftEntry, resolution: number, block: 1 | 2 | 4) => {
    let group = groups.find((g) => g.resolution === resolution && g.block > 1 === block > 1 && g.entries.length < MAX_SOFT_PER_PASS)
    if (!group) groups.push((group = { resolution, block, entries: [] }))
    group.block = Math.min(group.block, block) as 1 | 2 | 4
    group.entries.push(entry)
  }
  layerTypes.forEach((layerType, slot) => {
    if (slotSource(layerType, reference) !== 'inline') join({ slot, part: false }, layerResolution(layerType, reference), amortiseBlock(layerType, reference))
    // a soft part is slow by nature (the milky band moves only with the view): amortised like the slowest soft
    // layers (one texel of every 4 x 4), so it shares their pass
    const part = softPartResolution(layerType, reference)
    if (part > 0) join({ slot, part: true }, part, 4)
  })
  return groups
}

export function createFusedBackdrops(
  layers: readonly { layerType: AnyLayerType; values: Readonly<Record<string, ParamValue>>; blend: BlendMode }[],
  host: HostUniforms,
  { reference = false }: { reference?: boolean } = {},
): FusedBackdrops {
  const layerTypes = layers.map((layer) => layer.layerType)
  const uniforms: Record<string, Uniform> = { ...host }
  const slots = layers.map(({ layerType, values, blend }, slot) => {
    const prefix = slotPrefix(slot)
    const params = createParamUniforms(layerType, values)
    for (const [key, uniform] of Object.entries(params)) uniforms[prefix + key] = uniform
    const opacity = new Uniform(1)
    const made: BackdropSlot = { params, opacity, blend: new Uniform(new Vector3()) }
    setSlotBlend(made, blend)
    uniforms[`${prefix}opacity`] = opacity
    uniforms[`${prefix}blend`] = made.blend
    return made
  })

  const groups = softPassGroups(layerTypes, reference)
  const sources = layerTypes.map((layerType) => slotSource(layerType, reference))
  const parts = layerTypes.map((layerType) => softPartResolution(layerType, reference))
  const softPasses = groups.map(({ resolution, block, entries }): SoftPass => {
    const passSlots = [...new Set(entries.map((entry) => entry.slot))]
    const size = new Uniform(new Vector2(1, 1))
    const softMap = new Uniform(new Vector4(1, 1, 0, 0))
    const derivativeScale = new Uniform(1)
    const passUniforms: Record<string, Uniform> = { ...host, uResolution: size, uSoftMap: softMap, uDerivativeScale: derivativeScale }
    for (const slot of passSlots)
      for (const [key, uniform] of Object.entries(slots[slot]!.params)) passUniforms[slotPrefix(slot) + key] = uniform
    const target = new WebGLRenderTarget(1, 1, {
      count: entries.length,
      type: targetType(),
      depthBuffer: false,
      minFilter: LinearFilter,
      magFilter: LinearFilter,
    })
    const outputs = entries.map(({ slot, part }, i) => (uniforms[`${slotPrefix(slot)}${part ? 'softPart' : 'soft'}`] = new Uniform<Texture>(target.textures[i]!)))
    const material = new ShaderMaterial({
      name: `dream-soft:${entries.map(({ slot, part }) => `${layerTypes[slot]!.type}${part ? '~part' : ''}`).join('+')}`,
      glslVersion: GLSL3,
      uniforms: passUniforms,
      vertexShader: SOFT_VERTEX,
      fragmentShader: softFragmentShader(layerTypes, entries),
      blending: NoBlending,
      depthWrite: false,
      depthTest: false,
    })
    const softHistory = entries.every(({ slot, part }) => !part && layerTypes[slot]!.kind === 'backdrop' && layerTypes[slot]!.softHistory === true)
    return { material, target, resolution, block, softHistory, size, softMap, derivativeScale, outputs }
  })

  // the insets (insetPass.ts) of slots evaluated here: drawn each frame, read with one texel fetch
  const insetsSampled = layerTypes.map((layerType, slot) => sources[slot] === 'inline' && insetSampled(layerType, reference))
  const insets: InsetPass[] = []
  insetsSampled.forEach((sampled, slot) => {
    if (!sampled) return
    const texture = (uniforms[`${slotPrefix(slot)}dreamInsetTexture`] = new Uniform<Texture | null>(null))
    insets.push(createInsetPass(layerTypes[slot]!, slot, slotSection(layerTypes[slot]!, slot), slotPrefix(slot), slots[slot]!.params, host, texture))
  })

  const material = new ShaderMaterial({
    name: `dream:${layerTypes.map((layerType) => layerType.type).join('+')}`,
    uniforms,
    vertexShader: BACKDROP_VERTEX,
    fragmentShader: fusedFragmentShader(layerTypes, sources, parts.map((resolution) => resolution > 0), insetsSampled),
    // the first thing drawn: it replaces the clear colour, so nothing to blend with, no depth to test against
    // (the buffer was just cleared) and none to write
    blending: NoBlending,
    depthWrite: false,
    depthTest: false,
  })
  return {
    material,
    slots,
    softPasses,
    insets,
    dispose() {
      material.dispose()
      for (const inset of insets) inset.dispose()
      for (const pass of softPasses) {
        pass.material.dispose()
        pass.target.dispose()
      }
    },
  }
}

/** A soft pass's target size for an output of `width` x `height` pixels at `scale` x its declared resolution. */
export function softTargetSize(width: number, height: number, resolution: number, scale = 1): [number, number] {
  const fraction = Math.min(1, resolution * scale)
  return [Math.max(1, Math.ceil(width * fraction)), Math.max(1, Math.ceil(height * fraction))]
}
