/**
 * Binding maths: a base value plus the bindings' sum, clamped to the parameter's declared range.
 *   numbers: clamp(base + sum * (max - min), min, max), whole numbers rounded; an angle (a `wrap` float) wraps
 *            round its turn instead of stopping at the ends.
 *   colours: the sum shifts one OKLab coordinate of the base colour: lightness by sum (L runs 0..1), chroma by
 *            sum * 0.4 (about the sRGB gamut's reach), hue by sum turns; the result is clamped into sRGB.
 * where sum = Σ (offset + depth * curve(source)) over the bindings of that parameter (or component).
 * Pure and allocation-free: the modulator calls these every frame.
 */
import { linearToOklab, hexToLinear, type Rgb } from '../core/color'
import type { FloatSpec, IntSpec } from '../core/params'
import { applyCurve, type Curve } from './curves'

/** One binding's contribution, as a fraction of the range. */
export const bindingAmount = (offset: number, depth: number, curve: Curve, source: number) => offset + depth * applyCurve(curve, source)

/** A number (or one vector component) moved by `sum` (a fraction of the range), back in range. */
export function modulateNumber(spec: Pick<FloatSpec, 'min' | 'max'> & { kind: string; wrap?: boolean }, base: number, sum: number): number {
  const range = spec.max - spec.min
  const x = base + sum * range
  if (!Number.isFinite(x)) return base
  if (spec.kind === 'float' && (spec as FloatSpec).wrap) return spec.min + ((((x - spec.min) % range) + range) % range)
  const clamped = x < spec.min ? spec.min : x > spec.max ? spec.max : x
  return spec.kind === 'int' ? Math.round(clamped) : clamped
}
export type NumberSpec = FloatSpec | IntSpec

/** How far the chroma axis reaches at a sum of 1 (sRGB colours stay below about 0.32). */
export const CHROMA_SPAN = 0.4

/** The OKLCh coordinates of a hex colour (computed when bindings compile, not per frame). */
export function colorToOklch(hex: string): Rgb {
  const [L, a, b] = linearToOklab(hexToLinear(hex))
  return [L, Math.hypot(a, b), Math.atan2(b, a)]
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x)

/**
 * The base colour (OKLCh) shifted by the three sums (lightness, chroma, hue), written as LINEAR sRGB into `out`
 * (what colour uniforms hold), clamped into the gamut.
 */
export function modulateColor(base: Readonly<Rgb>, dL: number, dC: number, dH: number, out: { r: number; g: number; b: number }): void {
  const L = clamp01(base[0] + dL)
  const C = Math.max(0, base[1] + dC * CHROMA_SPAN)
  const h = base[2] + dH * 2 * Math.PI
  const A = C * Math.cos(h)
  const B = C * Math.sin(h)
  // OKLab -> linear sRGB inline (oklabToLinear without its array), then clamped
  const l = (L + 0.3963377774 * A + 0.2158037573 * B) ** 3
  const m = (L - 0.1055613458 * A - 0.0638541728 * B) ** 3
  const s = (L - 0.0894841775 * A - 1.291485548 * B) ** 3
  out.r = clamp01(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s)
  out.g = clamp01(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s)
  out.b = clamp01(-0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s)
}

/** The same as modulateColor, for tests and tools: a new linear triple. */
export function modulatedColorLinear(hex: string, dL: number, dC: number, dH: number): Rgb {
  const out = { r: 0, g: 0, b: 0 }
  modulateColor(colorToOklch(hex), dL, dC, dH, out)
  return [out.r, out.g, out.b]
}
