/**
 * The frame side of modulation: the modulator's sums written into the mounted layers' uniforms (and into the
 * settings of effects built around postprocessing's own, through runtime.apply). Runs every frame right after
 * the frame loop wrote the base values, allocating nothing: scratch lives on the compiled targets.
 */
import type { ParamValue } from '../core/params'
import type { LayerRuntime } from '../scene/layerRuntimes'
import { colorToOklch, modulateColor, modulateNumber } from './apply'
import type { ModulatedParam, ModulatedTarget } from './modulator'

interface Vec {
  setComponent(index: number, value: number): unknown
}
interface Rgb {
  r: number
  g: number
  b: number
}

/** The modulated value of a number param (or of one component). */
const numberOf = (param: ModulatedParam, sums: Float64Array, base: number, component: number) =>
  modulateNumber(param.spec as Parameters<typeof modulateNumber>[0], base, sums[param.slot + component]!)

/**
 * Writes one bound parameter into its uniform; returns the value for runtime.apply (a number, the scratch
 * vector, or a hex colour), which only effects with an apply step read.
 */
function writeParam(param: ModulatedParam, sums: Float64Array, base: ParamValue | undefined, uniform: { value: unknown }, needValue: boolean): ParamValue | undefined {
  const spec = param.spec
  switch (spec.kind) {
    case 'float':
    case 'int': {
      const from = typeof base === 'number' ? base : spec.default
      let value = numberOf(param, sums, from, 0)
      // a cost knob (octaves, steps: what adaptive quality lowers) may go down, never above the document's value:
      // the cost budget a link is checked against holds whatever the sources do
      if (spec.quality && value > from) value = from
      uniform.value = value
      return value
    }
    case 'vec2':
    case 'vec3': {
      const vector = uniform.value as Vec
      const from = (Array.isArray(base) ? base : spec.default) as readonly number[]
      for (let c = 0; c < param.width; c++) {
        const value = param.touched & (1 << c) ? numberOf(param, sums, from[c] ?? 0, c) : (from[c] ?? 0)
        param.vector[c] = value
        vector.setComponent(c, value)
      }
      return param.vector
    }
    case 'color': {
      const hex = typeof base === 'string' ? base : spec.default
      if (hex !== param.lchOf) {
        const lch = colorToOklch(hex)
        param.lch[0] = lch[0]
        param.lch[1] = lch[1]
        param.lch[2] = lch[2]
        param.lchOf = hex
      }
      const out = uniform.value as Rgb
      modulateColor(param.lch, sums[param.slot]!, sums[param.slot + 1]!, sums[param.slot + 2]!, out)
      // effects with an apply step take hex: the one allocation here, and only for those effects
      return needValue ? linearToHex(out) : undefined
    }
  }
}

const toByte = (linear: number) => {
  const c = linear <= 0.0031308 ? linear * 12.92 : 1.055 * linear ** (1 / 2.4) - 0.055
  return Math.round(Math.min(1, Math.max(0, c)) * 255)
}
const linearToHex = ({ r, g, b }: Rgb) => `#${((1 << 24) | (toByte(r) << 16) | (toByte(g) << 8) | toByte(b)).toString(16).slice(1)}`

/**
 * Writes one layer's modulated params over the base values the frame loop wrote (runtime.written). Returns false
 * when the layer is not mounted or has no base values yet (a layer mounted since the frame loop ran): nothing
 * written, the next frame does it.
 */
export function writeLayerModulation(target: ModulatedTarget, runtime: LayerRuntime | undefined, sums: Float64Array): boolean {
  if (!runtime?.written) return false
  const base = runtime.written as Readonly<Record<string, ParamValue>>
  const apply = runtime.apply
  const values = target.applyValues
  if (apply) for (const key in base) values[key] = base[key]!
  const params = target.params
  for (let i = 0; i < params.length; i++) {
    const param = params[i]!
    const uniform = runtime.params[param.param]
    if (!uniform) continue
    const value = writeParam(param, sums, base[param.param], uniform, apply !== undefined)
    if (apply && value !== undefined) values[param.param] = value
  }
  apply?.(values)
  return true
}

/** The modulated value of one scene setting (a number): the scene writer's half of the maths. */
export function modulatedSceneValue(param: ModulatedParam, sums: Float64Array, base: number): number {
  return numberOf(param, sums, base, 0)
}
