/**
 * defineLayer: the one declaration of a layer type. Everything else about a layer type (its default values,
 * its uniforms' GLSL, its sanitizer, its morphing, its panel) is derived from what is declared here.
 */
import type { ComponentType } from 'react'
import type { ShaderMaterial } from 'three'
import type { Effect } from 'postprocessing'
import {
  glslTypeOf,
  lerpParam,
  sanitizeParam,
  type ParamSpec,
  type ParamSpecs,
  type ParamValue,
  type ParamValues,
} from './params'
import type { BlendMode } from './blend'
import { PARAM_NAME, RESERVED_PARAM_NAMES } from './reserved'

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

export interface ParamProblem {
  key: string
  message: string
}

export interface LayerType<P extends ParamSpecs = ParamSpecs> extends LayerDeclaration<P> {
  readonly defaults: Readonly<ParamValues<P>>
  /** `uniform <type> <name>;` for every parameter, in declaration order. */
  readonly uniformDeclarations: string
  /** Untrusted values in, complete valid values out, with a note for everything changed or dropped. */
  sanitize(raw: unknown): { values: ParamValues<P>; problems: ParamProblem[] }
  /** Interpolate two complete value sets (morphing). */
  lerp(a: Readonly<Record<string, ParamValue>>, b: Readonly<Record<string, ParamValue>>, t: number): ParamValues<P>
}

export type AnyLayerType = LayerType<ParamSpecs>

function checkSpec(type: string, key: string, spec: ParamSpec): void {
  const where = `layer type "${type}", parameter "${key}"`
  if (!PARAM_NAME.test(key)) throw new Error(`${where}: names must be camelCase letters and digits`)
  if (RESERVED_PARAM_NAMES.has(key)) throw new Error(`${where}: "${key}" is reserved (a host uniform or GLSL word)`)
  if ('min' in spec && !(spec.min < spec.max)) throw new Error(`${where}: min must be below max`)
  const check = sanitizeParam(spec, spec.default)
  if (check.problem) throw new Error(`${where}: the default is invalid: ${check.problem}`)
}

export function defineLayer<const P extends ParamSpecs>(declaration: LayerDeclaration<P>): LayerType<P> {
  const { type, params, kind } = declaration
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(type)) throw new Error(`layer type "${type}": ids are lower-case words joined by -`)
  for (const [key, spec] of Object.entries(params)) checkSpec(type, key, spec)
  if (declaration.resolution !== undefined && !(declaration.resolution > 0 && declaration.resolution <= 1))
    throw new Error(`layer type "${type}": resolution must be in (0, 1]`)
  if (declaration.cost && !(declaration.cost(Object.fromEntries(Object.entries(params).map(([k, s]) => [k, s.default])) as ParamValues<P>) >= 0))
    throw new Error(`layer type "${type}": cost must be a number >= 0 for the default values`)
  if (kind === 'object' && (!declaration.object || !declaration.vertex))
    throw new Error(`layer type "${type}": object layers need a vertex shader and an object component`)

  const entries = Object.entries(params) as [string, ParamSpec][]
  const defaults = Object.freeze(Object.fromEntries(entries.map(([k, s]) => [k, s.default]))) as ParamValues<P>
  const uniformDeclarations = entries.map(([k, s]) => `uniform ${glslTypeOf[s.kind]} ${k};`).join('\n')

  return {
    ...declaration,
    defaults,
    uniformDeclarations,
    sanitize(raw) {
      const problems: ParamProblem[] = []
      const input = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {}
      if (raw !== undefined && input !== raw) problems.push({ key: '', message: 'params must be an object; used the defaults' })
      const values: Record<string, ParamValue> = {}
      for (const [key, spec] of entries) {
        if (!Object.hasOwn(input, key)) {
          values[key] = spec.default
          continue
        }
        const result = sanitizeParam(spec, input[key])
        values[key] = result.value
        if (result.problem) problems.push({ key, message: result.problem })
      }
      for (const key of Object.keys(input))
        if (!Object.hasOwn(params, key)) problems.push({ key, message: `unknown parameter "${key.slice(0, 40)}" dropped` })
      return { values: values as ParamValues<P>, problems }
    },
    lerp(a, b, t) {
      const out: Record<string, ParamValue> = {}
      for (const [key, spec] of entries) out[key] = lerpParam(spec, a[key] ?? spec.default, b[key] ?? spec.default, t)
      return out as ParamValues<P>
    },
  }
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
