/**
 * Parameter values at the precision their declaration gives them. Panels step in binary floating point, so a
 * slider leaves values such as 2.2199999999999998 (2.22 in float noise); rounding to the decimals of the
 * declared step keeps documents, files and diffs clean without moving a value by more than half its last digit.
 */
import type { ParamKind, ParamSpec, ParamValue, SpecOfKind } from './params'

/** Significant digits kept where no step is declared: far finer than any slider, coarse enough to drop noise. */
const NOISE_DIGITS = 12

/** Decimal places of a step: 0.01 → 2, 0.005 → 3, 1 → 0, 2.5e-7 → 8. */
export function stepDecimals(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0
  const [mantissa = '', exponent = '0'] = step.toExponential().split('e')
  const fraction = mantissa.split('.')[1]?.length ?? 0
  return Math.min(20, Math.max(0, fraction - Number(exponent)))
}

function roundNumber(value: number, spec: { step?: number; min: number; max: number }): number {
  if (!Number.isFinite(value)) return value
  const { step, min, max } = spec
  const rounded = step === undefined ? Number(value.toPrecision(NOISE_DIGITS)) : Number(value.toFixed(stepDecimals(step)))
  // a bound off the step's grid stays reachable, and rounding never leaves the declared range
  const bounded = Math.min(max, Math.max(min, rounded))
  return Object.is(bounded, -0) ? 0 : bounded
}

const roundVector = (spec: SpecOfKind<'vec2' | 'vec3'>, value: ParamValue) =>
  Array.isArray(value) ? value.map((x: number) => (typeof x === 'number' ? roundNumber(x, spec) : x)) : value
const asIs = (_spec: unknown, value: ParamValue) => value

/** Rounding per kind (values may be of the wrong type here: they come from panels and files). */
const ROUND: { readonly [K in ParamKind]: (spec: SpecOfKind<K>, value: ParamValue) => ParamValue } = {
  float: (spec, value) => (typeof value === 'number' ? roundNumber(value, spec) : value),
  int: (_spec, value) => (typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : value),
  vec2: roundVector,
  vec3: roundVector,
  bool: asIs,
  color: asIs,
  select: asIs,
}

/** A value rounded to its parameter's step (ints to whole numbers); other kinds are returned as they are. */
export function roundParam(spec: ParamSpec, value: ParamValue): ParamValue {
  return (ROUND[spec.kind] as (spec: ParamSpec, value: ParamValue) => ParamValue)(spec, value)
}
