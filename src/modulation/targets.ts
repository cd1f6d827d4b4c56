/**
 * What a binding may target, decided from the declarations: numbers (float, int), each component of a vector,
 * and colours (lightness, chroma or hue in OKLab). Bools and selects cannot be bound (a switch has no depth), nor
 * parameters that build an object layer's geometry on the CPU (the mesh would be rebuilt every frame).
 * Scene settings: the numeric ones the frame loop can take modulated after the fact (field of view, camera motion
 * amount, the moment of the night, crash severity). Not the time speed: dream time is the integral of the speed,
 * so a modulated speed would make the clock depend on frame pacing and break byte-identical stills and renders.
 * Not the night length or the crash cycle: moving a period moves the phase of everything timed by it (the night
 * would lurch, the crash schedule jump between bursts).
 */
import type { LayerRegistry } from '../core/defineLayer'
import { defineParams } from '../core/defineParams'
import { SCENE_TARGET, sceneType, type DreamLayer, type ModulationBinding } from '../core/document'
import { p, type ParamSpec } from '../core/params'
import { CURVES } from './curves'

export type BindableSpec = Extract<ParamSpec, { kind: 'float' | 'int' | 'vec2' | 'vec3' | 'color' }>

/** The scene settings a binding may move (src/modulation/useModulation.ts writes each of them). */
export const BINDABLE_SCENE_PARAMS: ReadonlySet<string> = new Set(['fov', 'cameraAmount', 'nightPhase', 'crashSeverity'])
/** The numeric scene settings that cannot be bound, each with the reason (panels skip them). */
export const UNBINDABLE_SCENE_PARAMS: Readonly<Record<string, string>> = Object.fromEntries(
  (Object.entries(sceneType.params) as [string, ParamSpec][])
    .filter(([key, spec]) => componentCount(spec) === 0 && !BINDABLE_SCENE_PARAMS.has(key))
    .map(([key]) => [
      key,
      key === 'speed'
        ? 'the time speed drives the dream clock itself (stills and renders would depend on frame pacing)'
        : key === 'nightDuration' || key === 'crashPeriod'
          ? 'a moving period would make the night or the crash schedule jump'
          : `only ${[...BINDABLE_SCENE_PARAMS].join(', ')} can`,
    ]),
)

/** Colour components: OKLab lightness, chroma, hue (a fraction of a turn). */
export const COLOR_COMPONENTS = ['lightness', 'chroma', 'hue'] as const

/** The fields of a binding besides its target, as param specs: one sanitizer, morph and panel for all of them. */
export const bindingFields = defineParams('modulation binding', {
  depth: p.float(0.3, { min: -1, max: 1, step: 0.001, hint: 'how far the source moves the parameter, as a fraction of its range' }),
  offset: p.float(0, { min: -1, max: 1, step: 0.001, hint: 'added whatever the source, as a fraction of the range: where the binding rests' }),
  curve: p.select('linear', CURVES, { hint: 'how the source is shaped before depth scales it' }),
})

/** How many components a bindable spec has (0 = a plain number), or undefined when it cannot be bound. */
export function componentCount(spec: ParamSpec): number | undefined {
  switch (spec.kind) {
    case 'float':
    case 'int':
      return 0
    case 'vec2':
      return 2
    case 'vec3':
    case 'color':
      return 3
    default:
      return undefined
  }
}

/** The parameter specs of a binding target: the scene settings or a layer's declaration (undefined: no such layer). */
export function targetSpecs(doc: { readonly layers: readonly DreamLayer[] }, registry: LayerRegistry, target: string): Readonly<Record<string, ParamSpec>> | undefined {
  if (target === SCENE_TARGET) return sceneType.params
  const layer = doc.layers.find((l) => l.id === target)
  return layer ? registry.get(layer.type)?.params : undefined
}

/** Why `binding` cannot apply to `doc` (a sentence), or its spec when it can. */
export function resolveBinding(
  doc: { readonly layers: readonly DreamLayer[] },
  registry: LayerRegistry,
  binding: Pick<ModulationBinding, 'layer' | 'param' | 'component'>,
): { spec: BindableSpec; problem?: undefined } | { spec?: undefined; problem: string } {
  const specs = targetSpecs(doc, registry, binding.layer)
  if (!specs) return { problem: `there is no layer "${binding.layer.slice(0, 24)}"` }
  const spec = Object.hasOwn(specs, binding.param) ? specs[binding.param] : undefined
  if (!spec) return { problem: `${binding.layer === SCENE_TARGET ? 'the scene' : `layer "${binding.layer}"`} has no parameter "${binding.param.slice(0, 40)}"` }
  if (binding.layer === SCENE_TARGET && Object.hasOwn(UNBINDABLE_SCENE_PARAMS, binding.param))
    return { problem: `the scene's "${binding.param}" cannot be modulated: ${UNBINDABLE_SCENE_PARAMS[binding.param]}` }
  if (spec.geometry) return { problem: `"${binding.param}" shapes the layer's geometry on the CPU: modulating it would rebuild the mesh every frame` }
  const count = componentCount(spec)
  if (count === undefined) return { problem: `"${binding.param}" is ${spec.kind === 'bool' ? 'a switch' : 'a choice'}; only numbers, vectors and colours can be modulated` }
  const component = binding.component
  if (count === 0 && component !== undefined) return { problem: `"${binding.param}" is a single number; it has no component ${component}` }
  if (spec.kind !== 'color' && count > 0 && component === undefined) return { problem: `"${binding.param}" is a vector: say which component (0..${count - 1})` }
  if (component !== undefined && !(Number.isInteger(component) && component >= 0 && component < count))
    return { problem: `"${binding.param}" has components 0..${count - 1}, not ${component}` }
  return { spec: spec as BindableSpec }
}
