/**
 * Colour helpers with no dependency on three.js, so presets and the CLI can use them in node.
 * Colours are stored as sRGB hex; interpolation happens in OKLab (perceptually even blends)
 * and results are clamped back into the sRGB gamut.
 */
export type Rgb = [number, number, number]

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i

/** "#ABC" / "abc" / "#aabbcc" -> "#aabbcc"; anything else -> undefined. */
export function normalizeHexColor(text: string): string | undefined {
  const match = HEX.exec(text.trim())
  if (!match?.[1]) return undefined
  const digits = match[1].length === 3 ? match[1].split('').map((c) => c + c).join('') : match[1]
  return `#${digits.toLowerCase()}`
}

export function hexToSrgb(hex: string): Rgb {
  const n = Number.parseInt((normalizeHexColor(hex) ?? '#000000').slice(1), 16)
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255]
}

export function srgbToHex(rgb: Rgb): string {
  const byte = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 255)
  return `#${((1 << 24) | (byte(rgb[0]) << 16) | (byte(rgb[1]) << 8) | byte(rgb[2])).toString(16).slice(1)}`
}

export const srgbToLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
export const linearToSrgb = (c: number) => (c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055)

export function hexToLinear(hex: string): Rgb {
  const [r, g, b] = hexToSrgb(hex)
  return [srgbToLinear(r), srgbToLinear(g), srgbToLinear(b)]
}

/** Linear sRGB -> OKLab (Björn Ottosson's published matrices). */
export function linearToOklab([r, g, b]: Rgb): Rgb {
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b)
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b)
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b)
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ]
}

export function oklabToLinear([L, a, b]: Rgb): Rgb {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3
  return [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ]
}

/** Blend two hex colours in OKLab; the result is a valid hex colour (clamped into gamut). */
export function lerpColorOklab(from: string, to: string, t: number): string {
  const a = linearToOklab(hexToLinear(from))
  const b = linearToOklab(hexToLinear(to))
  const mixed = oklabToLinear([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t])
  return srgbToHex([linearToSrgb(Math.max(0, mixed[0])), linearToSrgb(Math.max(0, mixed[1])), linearToSrgb(Math.max(0, mixed[2]))])
}
