/** Parameter values -> uniform values, derived from the parameter specs; written in place, never reallocated. */
import { Color, Uniform, Vector2, Vector3 } from 'three'
import type { AnyLayerType } from '../core/defineLayer'
import type { ParamSpec, ParamValue } from '../core/params'

export type UniformMap = Record<string, Uniform<unknown>>

function initialValue(spec: ParamSpec): unknown {
  switch (spec.kind) {
    case 'color':
      return new Color()
    case 'vec2':
      return new Vector2()
    case 'vec3':
      return new Vector3()
    case 'bool':
      return false
    default:
      return 0
  }
}

export function writeParam(spec: ParamSpec, uniform: Uniform<unknown>, value: ParamValue | undefined): void {
  const v = value ?? spec.default
  switch (spec.kind) {
    case 'float':
    case 'int':
    case 'bool':
      uniform.value = v
      return
    case 'select':
      uniform.value = Math.max(0, spec.options.indexOf(v as string))
      return
    case 'color':
      ;(uniform.value as Color).set(v as string) // sRGB hex -> linear working space
      return
    case 'vec2': {
      const [x = 0, y = 0] = v as readonly number[]
      ;(uniform.value as Vector2).set(x, y)
      return
    }
    case 'vec3': {
      const [x = 0, y = 0, z = 0] = v as readonly number[]
      ;(uniform.value as Vector3).set(x, y, z)
    }
  }
}

export function createParamUniforms(layerType: AnyLayerType, values: Readonly<Record<string, ParamValue>>): UniformMap {
  const uniforms: UniformMap = {}
  for (const [key, spec] of Object.entries(layerType.params)) {
    uniforms[key] = new Uniform(initialValue(spec))
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
