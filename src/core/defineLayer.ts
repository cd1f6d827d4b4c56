/**
 * defineLayer: the one declaration of a layer type. Everything else about a layer type (its default values,
 * its uniforms' GLSL, its sanitizer, its morphing, its panel) is derived from what is declared here.
 */
import type { ComponentType } from 'react'
import type { ShaderMaterial, Uniform } from 'three'
import type { Effect } from 'postprocessing'
import { glslTypeOf, type ParamSpec, type ParamSpecs, type ParamValue, type ParamValues } from './params'
import { defineParams, type ParamSet } from './defineParams'
import type { BlendMode } from './blend'
import { RESERVED_PARAM_NAMES } from './reserved'
import type { Floor } from '../scene/floorCover'

export type { ParamProblem } from './defineParams'

export type LayerKind = 'backdrop' | 'object' | 'effect'
export { BLEND_MODES, type BlendMode } from './blend'

/** What an object layer's component receives from the host (`V`: its values, typed from its declaration). */
export interface ObjectLayerProps<V extends Readonly<Record<string, ParamValue>> = Readonly<Record<string, ParamValue>>> {
  /** The layer's material, built from its declaration; its uniforms are updated by the host every frame. */
  material: ShaderMaterial
  /** The document seed: geometry built on the CPU must be derived from it (same seed, same shape). */
  seed: number
  /** Current values. Only read them to build geometry; per-frame values reach the GPU through uniforms. */
  values: Readonly<V>
  /** Stack position, used as renderOrder so drawing follows the layer stack. */
  renderOrder: number
  /** What an object may need to know of the rest of the scene, kept current every frame by the frame loop. */
  scene: Readonly<SceneFacts>
}

/** Facts about the whole scene, written by the frame loop before anything draws (priority -1). */
export interface SceneFacts {
  /**
   * An opaque backdrop (a sky, declared `opaque`) is drawn at full opacity with normal blending: every direction
   * of the sky, and of any reflection of it, is covered (skyIsOpaque in src/scene/planScene.ts).
   */
  skyOpaque: boolean
}

/** Everything an effect layer's custom constructor receives (plain effects need none of this). */
export interface EffectLayerContext {
  name: string
  fragment: string
  uniforms: Map<string, Uniform>
}

/**
 * Every field of a layer type as the host reads it (any kind; fields of other kinds absent). Layer types are
 * declared through the stricter LayerDeclaration below; this is what the registry holds.
 */
export interface LayerTypeFields<P extends ParamSpecs> {
  /** Stable id used in presets: lower-case, hyphenated. Never rename a shipped type (presets refer to it). */
  type: string
  label: string
  kind: LayerKind
  /** One sentence for the palette tooltip. */
  description: string
  params: P
  /**
   * GLSL. backdrop: defines `vec4 renderLayer(vec3 dir, vec2 uv)` (linear RGB + coverage alpha).
   * object: a complete fragment shader `main`. effect: postprocessing's
   * `void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor)`.
   * Parameter uniforms are prepended by the host: never declare them by hand.
   */
  fragment: string
  /**
   * object layers: the complete vertex shader. Effect layers (optional): per-draw values, a
   * `void mainSupport(const in vec2 uv)` that runs at the three vertices of the pass's triangle and writes varyings
   * the fragment reads; for work that depends on uniforms alone (time, the sliders), which a software renderer
   * would otherwise repeat in every pixel. Parameter and host uniforms are prepended in both cases.
   */
  vertex?: string
  /** object layers: the component that draws geometry with the host-built material. */
  object?: ComponentType<ObjectLayerProps>
  /** backdrop layers: 'behind' draws only where no 3D object is (sky, stars); 'over' veils everything (fog). */
  depth?: 'behind' | 'over'
  /**
   * backdrop layers: the fraction of the output resolution the content needs (default 1). Soft, low-frequency
   * layers (nebula, aurora, clouds) declare 0.5 or less: they render into a smaller target that the backdrop
   * pass samples with a bilinear upsample (see src/scene/backdropStack.ts). Sharp layers (stars, rims,
   * windows) leave it at 1. The reference mode ignores it.
   */
  resolution?: number
  /**
   * backdrop layers: the layer changes slowly (no cuts, strobes or fast motion of its own; flicker and drift
   * over seconds are fine), so a frame of the playing loop may shade only one texel of every 2 x 2 and carry
   * the other three over from the frames before, reprojected by view direction (src/scene/amortisedSoftPass.ts).
   * `4`: the layer changes only by fades over seconds (lit windows coming on), so one texel of every 4 x 4 is
   * enough: a texel is at most 16 frames old. Independent of `resolution`: a sharp layer at 1 (city windows) may be
   * amortised too; it then renders into a full-size texture of its own that the backdrop pass reads texel for
   * texel. Stills, video frames, seeks and edits always shade every texel; the reference mode ignores it.
   */
  amortised?: boolean | 4
  /**
   * backdrop layers below full resolution: the layer dithers per texel (a raymarch's jittered start), so its
   * upsample averages 3 x 3 soft texels (a tent, four taps) and the dither does not show magnified into blotches.
   * Without it the upsample is one bilinear tap: on a software renderer a tent at full size cost more than
   * shading the sky outright (issue 14).
   */
  dithered?: boolean
  /**
   * backdrop layers amortised at full resolution whose finest detail is a few pixels wide (streaks, fibres), not
   * one (the city's windows): under a slow drift of the camera their history is reprojected with one bilinear tap
   * instead of a Catmull-Rom filter (src/scene/amortisedSoftPass.ts, GLIDE_DRIFT_TEXELS), four texture reads less
   * per pixel. On a one-pixel grating that kept 0.88 of the detail where the filter kept 0.99.
   */
  softHistory?: boolean
  /**
   * backdrop layers: renderLayer's alpha is 1 in every direction (a sky). Drawn enabled at opacity 1 with normal
   * blending, nothing behind the backdrops shows anywhere, in the picture or in a reflection of it: the water then
   * leaves out its own fallback sky (SceneFacts.skyOpaque).
   */
  opaque?: boolean
  /**
   * backdrop layers at full resolution with a soft, low-frequency part (the stars' milky band): the fraction of the
   * output resolution that part needs. The fragment then defines `vec4 renderSoftPart(vec3 dir, vec2 uv)`, the
   * premultiplied light it adds to what `renderLayer` returns (which leaves it out); fused runs render it into a
   * soft target and add it with one bilinear tap, so only the sharp part is shaded at full size. It must change
   * slowly (it is amortised as `amortised: true` layers are). The reference mode, and a layer drawn on its own,
   * evaluate it in place.
   */
  softPart?: number
  /**
   * backdrop layers whose costly detail lies inside a small disc of the sky (the moon's surface): the disc's
   * angular radius in radians for these values. The fragment defines `vec4 renderInset(vec2 local)`, the detail
   * at `local` in the disc's own coordinates (the square [-1, 1] around it), and reads it through
   * `dreamInset(local)`. Fused runs draw the detail each frame into a small texture sized to the disc on screen,
   * and the full-screen pass reads one bilinear tap of it: a software renderer shades both sides of a branch, so
   * detail evaluated in place cost every pixel of the sky (issue 14). The reference mode, and a layer
   * drawn on its own, evaluate it in place.
   */
  inset?(values: ParamValues<P>): number
  /**
   * object layers: every pixel it draws is opaque (alpha = layer opacity) and writes depth. At full opacity with
   * the normal blend it hides what is behind it, so the backdrop pass below it draws after it and shades only the
   * pixels it left uncovered (the depth test rejects the rest before shading).
   */
  occluder?: boolean
  /**
   * object occluders: a horizontal rectangle (world units) the object covers entirely, seen from above, for the
   * current values (the lake's sheet, the ground under the hills). The backdrop passes below the object leave out
   * the rows of the picture such a floor fills from side to side (src/scene/floorCover.ts): their pixels are
   * hidden anyway, and a pixel not reached costs nothing, where a depth-rejected one may still be shaded.
   */
  floor?(values: ParamValues<P>): Floor
  /** effect layers: convolution effects sample neighbouring pixels and so need a pass of their own. */
  convolution?: boolean
  /**
   * effect layers: the effect reads by the output's pixel grid (gl_FragCoord: the datamosh's own-texel reads of
   * its history), so its pass is only right at the picture's own size. The output stage then keeps a pass of its
   * own: where it joins the last effect pass, the flash limiter has that pass draw a smaller sample of the picture.
   */
  pixelGrid?: boolean
  /** effect layers that need more than a fragment (feedback buffers...): build the Effect yourself. */
  createEffect?: (context: EffectLayerContext) => Effect
  /** effect layers built by createEffect whose settings are not uniforms: copy values onto the effect. */
  applyParams?: (effect: Effect, values: Readonly<Record<string, ParamValue>>) => void
  /** Blend mode a new instance starts with. */
  blend?: BlendMode
  /** Flags the glitch effects, whose strobing the photosensitivity limiter watches. */
  glitch?: boolean
  /**
   * Cost per output pixel as a function of the values, in "one 3D simplex noise evaluation per pixel" (see
   * src/core/cost.ts): scales with the quality knobs (octaves, steps, counts). Bounds what a link can demand.
   */
  cost?(values: ParamValues<P>): number
}

/** The fields whose presence depends on the kind; every other field is common to all kinds. */
type KindFields = 'kind' | 'fragment' | 'vertex' | 'object' | 'depth' | 'resolution' | 'amortised' | 'dithered' | 'softHistory' | 'opaque' | 'softPart' | 'inset' | 'occluder' | 'floor' | 'convolution' | 'pixelGrid' | 'createEffect' | 'applyParams'
type Common<P extends ParamSpecs> = Omit<LayerTypeFields<P>, KindFields>

export interface BackdropLayerDeclaration<P extends ParamSpecs> extends Common<P>, Pick<LayerTypeFields<P>, 'fragment' | 'depth' | 'resolution' | 'amortised' | 'dithered' | 'softHistory' | 'opaque' | 'softPart' | 'inset'> {
  kind: 'backdrop'
}

export interface ObjectLayerDeclaration<P extends ParamSpecs> extends Common<P>, Pick<LayerTypeFields<P>, 'fragment' | 'occluder' | 'floor'> {
  kind: 'object'
  /** The complete vertex shader (parameter and host uniforms are prepended). */
  vertex: string
  /** The component that draws geometry with the host-built material; its values are typed from `params`. */
  object: ComponentType<ObjectLayerProps<ParamValues<P>>>
}

/** An effect that is its fragment (postprocessing merges it with its neighbours). */
export interface ShaderEffectLayerDeclaration<P extends ParamSpecs> extends Common<P>, Pick<LayerTypeFields<P>, 'fragment' | 'vertex' | 'convolution' | 'pixelGrid'> {
  kind: 'effect'
  createEffect?: never
  applyParams?: never
}

/** An effect built by hand (feedback buffers, postprocessing's own effects). */
export interface CustomEffectLayerDeclaration<P extends ParamSpecs, E extends Effect> extends Common<P>, Pick<LayerTypeFields<P>, 'convolution' | 'pixelGrid'> {
  kind: 'effect'
  /** Handed to createEffect with the generated uniform declarations prepended; not needed by ready-made effects. */
  fragment?: string
  createEffect(context: EffectLayerContext): E
  /** Settings that are not uniforms: copy the values onto the effect this declaration built. */
  applyParams?(effect: E, values: ParamValues<P>): void
}

/** A layer type as declared: the fields its kind requires, values typed from its params. */
export type LayerDeclaration<P extends ParamSpecs, E extends Effect = Effect> =
  | BackdropLayerDeclaration<P>
  | ObjectLayerDeclaration<P>
  | ShaderEffectLayerDeclaration<P>
  | CustomEffectLayerDeclaration<P, E>

export interface LayerType<P extends ParamSpecs = ParamSpecs> extends LayerTypeFields<P>, ParamSet<P> {
  /** `uniform <type> <name>;` for every parameter, in declaration order. */
  readonly uniformDeclarations: string
}

export type AnyLayerType = LayerType<ParamSpecs>

export function defineLayer<const P extends ParamSpecs, E extends Effect = Effect>(declaration: LayerDeclaration<P, E>): LayerType<P> {
  const { type, params } = declaration
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(type)) throw new Error(`layer type "${type}": ids are lower-case words joined by -`)
  // Parameters become GLSL uniforms under their own names: host uniforms and GLSL words are off limits.
  const set = defineParams(`layer type "${type}"`, params, (key) =>
    RESERVED_PARAM_NAMES.has(key) ? `"${key}" is reserved (a host uniform or GLSL word)` : undefined,
  )
  // Checked whatever the kind: plain JavaScript callers may put it anywhere.
  const { resolution, amortised, dithered, softHistory, softPart, inset } = declaration as LayerTypeFields<P>
  if (resolution !== undefined && !(resolution > 0 && resolution <= 1))
    throw new Error(`layer type "${type}": resolution must be in (0, 1]`)
  if (amortised !== undefined && typeof amortised !== 'boolean' && amortised !== 4) throw new Error(`layer type "${type}": amortised must be true, false or 4`)
  if (amortised && declaration.kind !== 'backdrop') throw new Error(`layer type "${type}": only backdrop layers can be amortised`)
  const { opaque } = declaration as LayerTypeFields<P>
  if (opaque !== undefined && (typeof opaque !== 'boolean' || (opaque && declaration.kind !== 'backdrop'))) throw new Error(`layer type "${type}": opaque is true or false, for backdrop layers`)
  if (dithered !== undefined && typeof dithered !== 'boolean') throw new Error(`layer type "${type}": dithered must be true or false`)
  if (softHistory !== undefined && (typeof softHistory !== 'boolean' || (softHistory && !amortised))) throw new Error(`layer type "${type}": softHistory is true or false, for amortised layers`)
  if (softPart !== undefined) {
    if (!(softPart > 0 && softPart < 1)) throw new Error(`layer type "${type}": softPart must be in (0, 1)`)
    if (declaration.kind !== 'backdrop' || (resolution ?? 1) < 1) throw new Error(`layer type "${type}": only full-resolution backdrop layers have a soft part`)
    // (layer summaries rebuilt without shaders, as in the preset package, have no renderLayer to check beside)
    if (declaration.fragment?.includes('renderLayer') && !/\bvec4\s+renderSoftPart\s*\(/.test(declaration.fragment)) throw new Error(`layer type "${type}": a soft part needs vec4 renderSoftPart(vec3 dir, vec2 uv) in its fragment`)
  }
  if (inset !== undefined) {
    if (declaration.kind !== 'backdrop' || typeof inset !== 'function') throw new Error(`layer type "${type}": only backdrop layers have an inset, a function of the values`)
    if (!(inset(set.defaults as ParamValues<P>) > 0)) throw new Error(`layer type "${type}": inset must give an angular radius > 0 for the default values`)
    if (declaration.fragment?.includes('renderLayer') && !/\bvec4\s+renderInset\s*\(\s*vec2\s+\w+\s*\)/.test(declaration.fragment)) throw new Error(`layer type "${type}": an inset needs vec4 renderInset(vec2 local) in its fragment`)
  }
  if (declaration.cost && !(declaration.cost(set.defaults) >= 0))
    throw new Error(`layer type "${type}": cost must be a number >= 0 for the default values`)
  if (declaration.kind === 'object' && declaration.floor && !declaration.occluder)
    throw new Error(`layer type "${type}": a floor is only used by occluders (occluder: true)`)
  const { vertex } = declaration as LayerTypeFields<P>
  if (declaration.kind === 'effect' && vertex !== undefined && !/\bvoid\s+mainSupport\s*\(\s*const\s+in\s+vec2\s+\w+\s*\)/.test(vertex))
    throw new Error(`layer type "${type}": an effect's vertex part is void mainSupport(const in vec2 uv)`)
  if (declaration.kind === 'object' && (!declaration.object || !declaration.vertex))
    throw new Error(`layer type "${type}": object layers need a vertex shader and an object component`)

  const uniformDeclarations = (Object.entries(params) as [string, ParamSpec][]).map(([k, s]) => `uniform ${glslTypeOf[s.kind]} ${k};`).join('\n')
  // The host hands each component, effect and cost function the values this declaration sanitized, so the typed
  // functions of the declaration stand for the registry's untyped ones: the one place that erases them.
  return { ...declaration, fragment: declaration.fragment ?? '', ...set, uniformDeclarations } as LayerType<P>
}

/** The layer types known to an app: one place to look a type up, with a clear error for unknown ones. */
export interface LayerRegistry {
  readonly all: readonly AnyLayerType[]
  get(type: string): AnyLayerType | undefined
  has(type: string): boolean
}

export function createRegistry(types: readonly AnyLayerType[]): LayerRegistry {
  const byType = new Map<string, AnyLayerType>()
  for (const layerType of types) {
    if (byType.has(layerType.type)) throw new Error(`layer type "${layerType.type}" is registered twice`)
    byType.set(layerType.type, layerType)
  }
  return { all: types, get: (type) => byType.get(type), has: (type) => byType.has(type) }
}
