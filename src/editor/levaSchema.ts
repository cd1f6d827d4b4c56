/**
 * Leva inputs derived from parameter specs: the panel is never written by hand for a layer type.
 *
 * Leva needs keys unique across the WHOLE panel (two nebulae side by side), so a key joins the owner (a layer
 * id, or SCENE_OWNER) and the parameter with ':', which neither layer ids nor parameter names may contain.
 * Keys are never parsed back: every control's handlers are built for, and close over, its owner and parameter.
 */
import type { ParamKind, ParamSpec, ParamSpecs, ParamValue, SpecOfKind, ValueOfKind } from '../core/params'
import { roundParam } from '../core/precision'

/** The owner of the scene-wide settings: '#' is not allowed in layer ids, so no layer can collide with it. */
export const SCENE_OWNER = '#scene'

export const controlKey = (owner: string, param: string) => `${owner}:${param}`

/** The Leva input of each kind (label and hint are added for every kind by levaInput). */
const LEVA_KINDS = {
  float: (spec, value) => ({ value, min: spec.min, max: spec.max, step: spec.step ?? (spec.max - spec.min) / 200 }),
  int: (spec, value) => ({ value, min: spec.min, max: spec.max, step: 1 }),
  bool: (_spec, value) => ({ value }),
  color: (_spec, value) => ({ value }),
  select: (spec, value) => ({ value, options: [...spec.options] }),
  vec2: (spec, value) => ({ value: [...value], min: spec.min, max: spec.max, step: spec.step ?? 0.01 }),
  vec3: (spec, value) => ({ value: [...value], min: spec.min, max: spec.max, step: spec.step ?? 0.01 }),
} satisfies { readonly [K in ParamKind]: (spec: SpecOfKind<K>, value: ValueOfKind<K>) => object }

type LevaInput = ReturnType<(typeof LEVA_KINDS)[ParamKind]> & { label: string; hint: string | undefined }

export function levaInput(spec: ParamSpec, key: string, value: ParamValue): LevaInput {
  // The row for the spec's kind: TypeScript cannot correlate a union's kind with its row.
  const input = LEVA_KINDS[spec.kind] as (spec: ParamSpec, value: ParamValue) => ReturnType<(typeof LEVA_KINDS)[ParamKind]>
  return { ...input(spec, value), label: spec.label ?? key, hint: spec.hint }
}

/**
 * A flat Leva schema for a set of specs and current values, keyed with `controlKey(owner, param)`.
 * `extra(param, spec)` adds per-control options (handlers) that know which parameter they belong to.
 */
export function levaSchemaFor(
  specs: ParamSpecs,
  values: Readonly<Record<string, ParamValue>>,
  owner: string,
  extra?: (param: string, spec: ParamSpec) => object,
) {
  const schema: Record<string, ReturnType<typeof levaInput> & object> = {}
  for (const [param, spec] of Object.entries(specs))
    schema[controlKey(owner, param)] = { ...levaInput(spec, param, values[param] ?? spec.default), ...extra?.(param, spec) }
  return schema
}

/**
 * Leva hands vectors back as arrays (we give it arrays) and colours as hex strings: normalise to document
 * values, at the precision of the parameter's step (Leva's stepping leaves float noise).
 */
export function fromLeva(spec: ParamSpec, value: unknown): ParamValue {
  if ((spec.kind === 'vec2' || spec.kind === 'vec3') && value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, number>
    return roundParam(spec, spec.kind === 'vec2' ? [v.x ?? 0, v.y ?? 0] : [v.x ?? 0, v.y ?? 0, v.z ?? 0])
  }
  if (spec.kind === 'color' && typeof value === 'string') return value.slice(0, 7).toLowerCase()
  return roundParam(spec, value as ParamValue)
}
