/**
 * defineLayer: the one declaration of a layer type. Everything else about a layer type (its default values,
 * its uniforms' GLSL, its sanitizer, its morphing, its panel) is derived from what is declared here.
 */
import type { ComponentType } from 'react'
import type { ShaderMaterial } from 'three'
import type { Effect } from 'postprocessing'
import { glslTypeOf, type ParamSpec, type ParamSpecs, type ParamValue, type ParamValues } from './params'
import { defineParams, type ParamSet } from './defineParams'
import type { BlendMode } from './blend'
import { RESERVED_PARAM_NAMES } from './reserved'

export type { ParamProblem } from './defineParams'

export type LayerKind = 'backdrop' | 'object' | 'effect'
export { BLEND_MODES, type BlendMode } from './blend'

/** What an object layer's component receives from the host. */
export interface ObjectLayerProps {
  /** The layer's material, built from its declaration; its uniforms are updated by the host every frame. */
  material: ShaderMaterial
  /** The document seed: geometry built on the CPU must be derived from it (same seed, same shape). */
  seed: number
  /** Current values. Only read them to build geometry; per-frame values reach the GPU through uniforms. */
  values: Readonly<Record<string, ParamValue>>
  /** Stack position, used as renderOrder so drawing follows the layer stack. */
  renderOrder: number
}

/** Everything an effect layer's custom constructor receives (plain effects need none of this). */
export interface EffectLayerContext {
  name: string
  fragment: string
  uniforms: Map<string, { value: unknown }>
}

export interface LayerDeclaration<P extends ParamSpecs> {
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
  /** object layers: the complete vertex shader (parameter and host uniforms are prepended). */
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
   * object layers: every pixel it draws is opaque (alpha = layer opacity) and writes depth. At full opacity with
   * the normal blend it hides what is behind it, so the backdrop pass below it draws after it and shades only the
   * pixels it left uncovered (the depth test rejects the rest before shading).
   */
  occluder?: boolean
  /** effect layers: convolution effects sample neighbouring pixels and so need a pass of their own. */
  convolution?: boolean
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
  cost?: (values: ParamValues<P>) => number
}

export interface LayerType<P extends ParamSpecs = ParamSpecs> extends LayerDeclaration<P>, ParamSet<P> {
  /** `uniform <type> <name>;` for every parameter, in declaration order. */
  readonly uniformDeclarations: string
}

export type AnyLayerType = LayerType<ParamSpecs>

export function defineLayer<const P extends ParamSpecs>(declaration: LayerDeclaration<P>): LayerType<P> {
  const { type, params, kind } = declaration
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(type)) throw new Error(`layer type "${type}": ids are lower-case words joined by -`)
  // Parameters become GLSL uniforms under their own names: host uniforms and GLSL words are off limits.
  const set = defineParams(`layer type "${type}"`, params, (key) =>
    RESERVED_PARAM_NAMES.has(key) ? `"${key}" is reserved (a host uniform or GLSL word)` : undefined,
  )
  if (declaration.resolution !== undefined && !(declaration.resolution > 0 && declaration.resolution <= 1))
    throw new Error(`layer type "${type}": resolution must be in (0, 1]`)
  if (declaration.cost && !(declaration.cost(set.defaults) >= 0))
    throw new Error(`layer type "${type}": cost must be a number >= 0 for the default values`)
  if (kind === 'object' && (!declaration.object || !declaration.vertex))
    throw new Error(`layer type "${type}": object layers need a vertex shader and an object component`)

  const uniformDeclarations = (Object.entries(params) as [string, ParamSpec][]).map(([k, s]) => `uniform ${glslTypeOf[s.kind]} ${k};`).join('\n')
  return { ...declaration, ...set, uniformDeclarations }
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
