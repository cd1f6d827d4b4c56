/**
 * defineParams: a named set of parameter specs and everything derived from it (defaults, sanitizer, morphing).
 * The one primitive under layer types (defineLayer), the scene settings and the layer fields (enabled,
 * opacity, blend): each default is written once, in its spec.
 */
import { lerpParam, sanitizeParam, type ParamSpec, type ParamSpecs, type ParamValue, type ParamValues } from './params'
import { PARAM_NAME } from './reserved'

export interface ParamProblem {
  key: string
  message: string
}

export interface ParamSet<P extends ParamSpecs = ParamSpecs> {
  params: P
  readonly defaults: Readonly<ParamValues<P>>
  /** Untrusted values in, complete valid values out, with a note for everything changed or dropped. */
  sanitize(raw: unknown): { values: ParamValues<P>; problems: ParamProblem[] }
  /** Interpolate two complete value sets (morphing). */
  lerp(a: Readonly<Record<string, ParamValue>>, b: Readonly<Record<string, ParamValue>>, t: number): ParamValues<P>
}

/** Checks every spec (`owner` names the set in errors: `layer type "nebula"`) and derives the rest. */
export function defineParams<const P extends ParamSpecs>(owner: string, params: P, checkName?: (key: string) => string | undefined): ParamSet<P> {
  const entries = Object.entries(params) as [string, ParamSpec][]
  for (const [key, spec] of entries) {
    const where = `${owner}, parameter "${key}"`
    if (!PARAM_NAME.test(key)) throw new Error(`${where}: names must be camelCase letters and digits`)
    const nameProblem = checkName?.(key)
    if (nameProblem) throw new Error(`${where}: ${nameProblem}`)
    if ('min' in spec && !(spec.min < spec.max)) throw new Error(`${where}: min must be below max`)
    const check = sanitizeParam(spec, spec.default)
    if (check.problem) throw new Error(`${where}: the default is invalid: ${check.problem}`)
  }
  const defaults = Object.freeze(Object.fromEntries(entries.map(([k, s]) => [k, s.default]))) as ParamValues<P>

  return {
    params,
    defaults,
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
