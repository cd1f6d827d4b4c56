/**
 * Parameter specs: the single description of every layer parameter.
 *
 * A spec is plain data (kind, default, range, label). Everything a parameter needs elsewhere is derived
 * here from that data, once per kind: the GLSL type, the sanitizer used by presets, interpolation for
 * morphing, and the value written into a uniform. Leva schemas are derived in the editor from the same
 * specs (see src/editor/levaSchema.ts) so this file stays free of React.
 */
import { lerpColorOklab, normalizeHexColor } from './color'

interface SpecBase<K extends string, V> {
  readonly kind: K
  readonly default: V
  /** Shown in panels; defaults to the key. */
  readonly label?: string
  /** A short sentence for tooltips and the JSON Schema. */
  readonly hint?: string
  /**
   * Adaptive quality may lower this parameter, down to `quality.floor`, when frames are slow.
   * Lower `quality.order` values are lowered first.
   */
  readonly quality?: { readonly floor: number; readonly order: number }
  /** Object layers build geometry from this value on the CPU: changing it rebuilds the mesh (never the shader). */
  readonly geometry?: boolean
}

export interface FloatSpec extends SpecBase<'float', number> {
  readonly min: number
  readonly max: number
  readonly step?: number
  /**
   * The range is one turn (an angle: -180..180 for a direction, -90..90 for the tilt of a line), so `min` and
   * `max` are the same value: morphs take the short way round (-170 to 170 turns 20 degrees, not 340).
   */
  readonly wrap?: boolean
}
export interface IntSpec extends SpecBase<'int', number> {
  readonly min: number
  readonly max: number
}
export type BoolSpec = SpecBase<'bool', boolean>
export type ColorSpec = SpecBase<'color', string>
export interface SelectSpec<O extends string = string> extends SpecBase<'select', O> {
  readonly options: readonly O[]
}
export interface Vec2Spec extends SpecBase<'vec2', readonly [number, number]> {
  readonly min: number
  readonly max: number
  readonly step?: number
}
export interface Vec3Spec extends SpecBase<'vec3', readonly [number, number, number]> {
  readonly min: number
  readonly max: number
  readonly step?: number
}

export type ParamSpec = FloatSpec | IntSpec | BoolSpec | ColorSpec | SelectSpec | Vec2Spec | Vec3Spec
export type ParamSpecs = Readonly<Record<string, ParamSpec>>

type Widen<V> = V extends readonly [number, number]
  ? readonly [number, number]
  : V extends readonly [number, number, number]
    ? readonly [number, number, number]
    : V extends boolean
      ? boolean
      : V extends number
        ? number
        : V
/** The TypeScript type of a layer's values, inferred from its specs. */
export type ParamValues<P extends ParamSpecs> = { -readonly [K in keyof P]: Widen<P[K]['default']> }
export type ParamValue = number | boolean | string | readonly number[]

type Opts<S> = Omit<S, 'kind' | 'default'>
type RangeOpts<S> = Partial<Omit<S, 'kind' | 'default' | 'min' | 'max'>> & { min: number; max: number }

/** Spec builders: `p.float(1.5, { min: 0.1, max: 8 })`. Ranges are required so every value is bounded. */
export const p = {
  float: (value: number, opts: RangeOpts<FloatSpec>): FloatSpec => ({ kind: 'float', default: value, ...opts }),
  int: (value: number, opts: RangeOpts<IntSpec>): IntSpec => ({ kind: 'int', default: value, ...opts }),
  bool: (value: boolean, opts: Partial<Opts<BoolSpec>> = {}): BoolSpec => ({ kind: 'bool', default: value, ...opts }),
  color: (value: string, opts: Partial<Opts<ColorSpec>> = {}): ColorSpec => ({
    kind: 'color',
    default: value,
    ...opts,
  }),
  select: <const O extends string>(
    value: NoInfer<O>,
    options: readonly O[],
    opts: Partial<Omit<SelectSpec<O>, 'kind' | 'default' | 'options'>> = {},
  ): SelectSpec<O> => ({ kind: 'select', default: value, options, ...opts }),
  vec2: (value: readonly [number, number], opts: RangeOpts<Vec2Spec>): Vec2Spec => ({
    kind: 'vec2',
    default: value,
    ...opts,
  }),
  vec3: (value: readonly [number, number, number], opts: RangeOpts<Vec3Spec>): Vec3Spec => ({
    kind: 'vec3',
    default: value,
    ...opts,
  }),
} as const

/** Outcome of sanitizing one value: the value to use, and what was wrong with the input, if anything. */
export interface Sanitized<V> {
  value: V
  problem?: string
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x))
const isNumber = (x: unknown): x is number => typeof x === 'number'
const describe = (x: unknown) =>
  x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x === 'string' ? `the text "${x.slice(0, 40)}"` : typeof x

function sanitizeNumber(spec: { min: number; max: number; default: number }, raw: unknown, integer: boolean) {
  if (!isNumber(raw)) return { value: spec.default, problem: `expected a number, got ${describe(raw)}; used the default ${spec.default}` }
  if (!Number.isFinite(raw)) return { value: spec.default, problem: `${raw} is not a finite number; used the default ${spec.default}` }
  let value = clamp(raw, spec.min, spec.max)
  if (integer) value = Math.round(value)
  if (value !== raw) return { value, problem: `${raw} is outside ${spec.min}..${spec.max}${integer ? ' (whole numbers)' : ''}; used ${value}` }
  return { value }
}

function sanitizeVector<N extends 2 | 3>(spec: Vec2Spec | Vec3Spec, raw: unknown, size: N) {
  const fallback = spec.default
  if (!Array.isArray(raw) || raw.length !== size)
    return { value: fallback, problem: `expected a list of ${size} numbers, got ${describe(raw)}; used the default` }
  const problems: string[] = []
  const value = raw.map((component, i) => {
    const result = sanitizeNumber({ min: spec.min, max: spec.max, default: fallback[i] ?? 0 }, component, false)
    if (result.problem) problems.push(`[${i}]: ${result.problem}`)
    return result.value
  })
  return problems.length ? { value, problem: problems.join('; ') } : { value }
}

/** Interpolate on a circle whose circumference is the range: the short way round, the result back in range. */
function lerpTurn(spec: FloatSpec, a: number, b: number, t: number): number {
  if (t <= 0) return a
  if (t >= 1) return b
  const turn = spec.max - spec.min
  // The signed shortest difference, in [-turn/2, turn/2).
  const delta = (((b - a + turn / 2) % turn) + turn) % turn - turn / 2
  const x = a + delta * t
  return x < spec.min ? x + turn : x > spec.max ? x - turn : x
}

const lerpNumber = (a: number, b: number, t: number) => a + (b - a) * t
const lerpVector = (a: readonly number[], b: readonly number[], t: number) => a.map((x, i) => lerpNumber(x, b[i] ?? x, t))
const lerpSwitch = <V>(a: V, b: V, t: number) => (t < 0.5 ? a : b)

export type ParamKind = ParamSpec['kind']
/** The spec of one kind of parameter. */
export type SpecOfKind<K extends ParamKind> = Extract<ParamSpec, { kind: K }>
/** The value of one kind of parameter (a float's value is any number, not its default's literal type). */
export type ValueOfKind<K extends ParamKind> = Widen<SpecOfKind<K>['default']>

/** What each kind of parameter defines; everything in core that differs by kind is a row of PARAM_KINDS. */
export interface ParamKindBehaviour<K extends ParamKind> {
  /** The GLSL type of its uniform. */
  readonly glsl: 'float' | 'int' | 'bool' | 'vec2' | 'vec3'
  /** Untrusted input to a valid value, saying what was changed. */
  sanitize(spec: SpecOfKind<K>, raw: unknown): Sanitized<ValueOfKind<K>>
  /** Morphing between two valid values. Colours go through OKLab; discrete values switch at t = 0.5. */
  lerp(spec: SpecOfKind<K>, a: ValueOfKind<K>, b: ValueOfKind<K>, t: number): ValueOfKind<K>
}

/**
 * Per-kind behaviour, one row per kind (leva's plugin shape). The mapped type makes a kind missing here a compile
 * error, and so do the tables derived elsewhere (uniforms in src/scene/layerUniforms.ts, Leva inputs in
 * src/editor/levaSchema.ts, zod schemas in src/preset/schema.ts, rounding in src/core/precision.ts).
 */
export const PARAM_KINDS: { readonly [K in ParamKind]: ParamKindBehaviour<K> } = {
  float: {
    glsl: 'float',
    sanitize: (spec, raw) => sanitizeNumber(spec, raw, false),
    lerp: (spec, a, b, t) => (spec.wrap ? lerpTurn(spec, a, b, t) : lerpNumber(a, b, t)),
  },
  int: {
    glsl: 'int',
    sanitize: (spec, raw) => sanitizeNumber(spec, raw, true),
    lerp: (_spec, a, b, t) => Math.round(lerpNumber(a, b, t)),
  },
  bool: {
    glsl: 'bool',
    sanitize: (spec, raw) =>
      typeof raw === 'boolean'
        ? { value: raw }
        : { value: spec.default, problem: `expected true or false, got ${describe(raw)}; used ${spec.default}` },
    lerp: (_spec, a, b, t) => lerpSwitch(a, b, t),
  },
  color: {
    glsl: 'vec3',
    sanitize: (spec, raw) => {
      const hex = typeof raw === 'string' ? normalizeHexColor(raw) : undefined
      return hex
        ? hex === raw
          ? { value: hex }
          : { value: hex, problem: `colour "${String(raw)}" normalised to ${hex}` }
        : { value: spec.default, problem: `expected a colour like "#ff00aa", got ${describe(raw)}; used ${spec.default}` }
    },
    lerp: (_spec, a, b, t) => lerpColorOklab(a, b, t),
  },
  select: {
    glsl: 'int',
    sanitize: (spec, raw) =>
      typeof raw === 'string' && spec.options.includes(raw)
        ? { value: raw }
        : {
            value: spec.default,
            problem: `expected one of ${spec.options.map((o) => `"${o}"`).join(', ')}, got ${describe(raw)}; used "${spec.default}"`,
          },
    lerp: (_spec, a, b, t) => lerpSwitch(a, b, t),
  },
  // Vectors: sanitizeVector checked the length, so the mapped arrays have the tuple's length.
  vec2: {
    glsl: 'vec2',
    sanitize: (spec, raw) => sanitizeVector(spec, raw, 2) as Sanitized<readonly [number, number]>,
    lerp: (_spec, a, b, t) => lerpVector(a, b, t) as unknown as readonly [number, number],
  },
  vec3: {
    glsl: 'vec3',
    sanitize: (spec, raw) => sanitizeVector(spec, raw, 3) as Sanitized<readonly [number, number, number]>,
    lerp: (_spec, a, b, t) => lerpVector(a, b, t) as unknown as readonly [number, number, number],
  },
}

/** The row for a spec's kind. TypeScript cannot correlate a union's kind with its row: this is the one place. */
const kindOf = <K extends ParamKind>(spec: SpecOfKind<K>) => PARAM_KINDS[spec.kind] as unknown as ParamKindBehaviour<K>

/** Sanitize an untrusted value for a spec: always returns a usable value, and says what it changed. */
export function sanitizeParam(spec: ParamSpec, raw: unknown): Sanitized<ParamValue> {
  return kindOf(spec).sanitize(spec, raw)
}

/** Interpolate between two values sanitized for `spec` (morphing). */
export function lerpParam(spec: ParamSpec, a: ParamValue, b: ParamValue, t: number): ParamValue {
  return kindOf(spec).lerp(spec, a as ValueOfKind<ParamKind>, b as ValueOfKind<ParamKind>, t)
}

/** The GLSL type of each kind's uniform. */
export const glslTypeOf = Object.fromEntries(Object.entries(PARAM_KINDS).map(([kind, row]) => [kind, row.glsl])) as {
  readonly [K in ParamKind]: ParamKindBehaviour<K>['glsl']
}

/** Values equal for serialization purposes (used to omit defaults from links). */
export function paramEquals(a: ParamValue, b: ParamValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i])
  return a === b
}
