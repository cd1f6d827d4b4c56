/** Parameter values -> uniform values, derived from the parameter specs; written in place, never reallocated. */
import { Color, Uniform, Vector2, Vector3 } from 'three'
import type { AnyLayerType } from '../core/defineLayer'
import type { ParamKind, ParamSpec, ParamValue, SpecOfKind, ValueOfKind } from '../core/params'

export type UniformMap = Record<string, Uniform<unknown>>

/** How each kind of parameter lives in a uniform: its initial value, and how a value is written in place. */
interface UniformKind<K extends ParamKind> {
  create(): unknown
  write(spec: SpecOfKind<K>, uniform: Uniform<unknown>, value: ValueOfKind<K>): void
}

const writeScalar = (_spec: unknown, uniform: Uniform<unknown>, value: number | boolean) => {
  uniform.value = value
}

const UNIFORM_KINDS: { readonly [K in ParamKind]: UniformKind<K> } = {
  float: { create: () => 0, write: writeScalar },
  int: { create: () => 0, write: writeScalar },
  bool: { create: () => false, write: writeScalar },
  select: { create: () => 0, write: (spec, uniform, value) => (uniform.value = Math.max(0, spec.options.indexOf(value))) },
  // sRGB hex -> linear working space
  color: { create: () => new Color(), write: (_spec, uniform, value) => void (uniform.value as Color).set(value) },
  vec2: { create: () => new Vector2(), write: (_spec, uniform, [x, y]) => void (uniform.value as Vector2).set(x, y) },
  vec3: { create: () => new Vector3(), write: (_spec, uniform, [x, y, z]) => void (uniform.value as Vector3).set(x, y, z) },
}

/** The row for a spec's kind (TypeScript cannot correlate a union's kind with its row: this is the one place). */
const uniformKindOf = (spec: ParamSpec) => UNIFORM_KINDS[spec.kind] as unknown as UniformKind<ParamKind>

export function writeParam(spec: ParamSpec, uniform: Uniform<unknown>, value: ParamValue | undefined): void {
  uniformKindOf(spec).write(spec, uniform, (value ?? spec.default) as ValueOfKind<ParamKind>)
}

export function createParamUniforms(layerType: AnyLayerType, values: Readonly<Record<string, ParamValue>>): UniformMap {
  const uniforms: UniformMap = {}
  for (const [key, spec] of Object.entries(layerType.params)) {
    uniforms[key] = new Uniform(uniformKindOf(spec).create())
    writeParam(spec, uniforms[key], values[key])
  }
  return uniforms
}

export function writeParamUniforms(layerType: AnyLayerType, uniforms: UniformMap, values: Readonly<Record<string, ParamValue>>): void {
  for (const key in layerType.params) {
    const uniform = uniforms[key]
    const spec = layerType.params[key]
    if (uniform && spec) writeParam(spec, uniform, values[key])
  }
}
