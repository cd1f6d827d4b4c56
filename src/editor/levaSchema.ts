/**
 * Leva inputs derived from parameter specs: the panel is never written by hand for a layer type.
 * Keys are `<param>_<owner>` because Leva needs keys unique across the whole panel (two nebulae side by side).
 */
import type { ParamSpec, ParamSpecs, ParamValue } from '../core/params'

export const controlKey = (owner: string, param: string) => `${param}_${owner}`

export function levaInput(spec: ParamSpec, key: string, value: ParamValue) {
  const label = spec.label ?? key
  const hint = spec.hint
  switch (spec.kind) {
    case 'float':
      return { value: value as number, min: spec.min, max: spec.max, step: spec.step ?? (spec.max - spec.min) / 200, label, hint }
    case 'int':
      return { value: value as number, min: spec.min, max: spec.max, step: 1, label, hint }
    case 'bool':
      return { value: value as boolean, label, hint }
    case 'color':
      return { value: value as string, label, hint }
    case 'select':
      return { value: value as string, options: [...spec.options], label, hint }
    case 'vec2':
    case 'vec3':
      return { value: [...(value as readonly number[])], min: spec.min, max: spec.max, step: spec.step ?? 0.01, label, hint }
  }
}

/** A flat Leva schema for a set of specs and current values, keyed with `controlKey(owner, param)`. */
export function levaSchemaFor(specs: ParamSpecs, values: Readonly<Record<string, ParamValue>>, owner: string) {
  const schema: Record<string, ReturnType<typeof levaInput>> = {}
  for (const [key, spec] of Object.entries(specs)) schema[controlKey(owner, key)] = levaInput(spec, key, values[key] ?? spec.default)
  return schema
}

/** Leva hands vectors back as arrays (we give it arrays) and colours as hex strings: normalise to document values. */
export function fromLeva(spec: ParamSpec, value: unknown): ParamValue {
  if ((spec.kind === 'vec2' || spec.kind === 'vec3') && value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, number>
    return spec.kind === 'vec2' ? [v.x ?? 0, v.y ?? 0] : [v.x ?? 0, v.y ?? 0, v.z ?? 0]
  }
  if (spec.kind === 'color' && typeof value === 'string') return value.slice(0, 7).toLowerCase()
  return value as ParamValue
}
