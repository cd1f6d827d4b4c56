import { Effect } from 'postprocessing'
import { Uniform } from 'three'

/**
 * The one tone mapping every dream shares: exposure (a linear gain), then Khronos PBR Neutral. Below ~0.76 a
 * colour passes unchanged except for a small toe near black; brighter colours are compressed towards white
 * instead of clipping per channel (which skews hues: a bright orange turns yellow). Written here rather than
 * with postprocessing's ToneMappingEffect so the flash limiter measures with this very string: the limiter
 * must see exactly what is displayed.
 */
export const TONE_MAPPING_GLSL = /* glsl */ `
vec3 dreamToneMap(vec3 color, float exposure) {
  color = max(color * exposure, 0.0);
  const float compressionStart = 0.76;
  const float desaturation = 0.15;
  // toe: lift the darkest channel's floor off the colour (at most 0.04), smoothly near black
  float lowest = min(color.r, min(color.g, color.b));
  color -= lowest < 0.08 ? lowest - 6.25 * lowest * lowest : 0.04;
  float peak = max(color.r, max(color.g, color.b));
  if (peak < compressionStart) return color;
  // shoulder: the brightest channel approaches 1 asymptotically; the others keep their ratio to it
  const float room = 1.0 - compressionStart;
  float newPeak = 1.0 - room * room / (peak + room - compressionStart);
  color *= newPeak / peak;
  // very bright colours drift towards white, as a bright light does
  float towardsWhite = 1.0 - 1.0 / (desaturation * (peak - newPeak) + 1.0);
  return mix(color, vec3(newPeak), towardsWhite);
}
`

/** The display transform, first in the output pass (before the flash limiter measures and limits). */
export class ToneMapEffect extends Effect {
  /** Shared with the flash limiter's measurements, so both always use the same exposure. */
  readonly exposure: Uniform<number>

  constructor(exposure = new Uniform(1)) {
    super(
      'DreamToneMap',
      `${TONE_MAPPING_GLSL}
uniform float exposure;
void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  outputColor = vec4(dreamToneMap(inputColor.rgb, exposure), inputColor.a);
}
`,
      { uniforms: new Map([['exposure', exposure]]) },
    )
    this.exposure = exposure
  }
}

/**
 * The last effect of every frame: a one-step triangular dither, sized in display (sRGB) steps. Slow night
 * gradients are the heart of a dreamscape and band badly on 8-bit screens without it.
 *
 * The noise is added in linear light, scaled by the slope of the display curve (d linear / d display, about
 * 2 * sqrt(linear) for a gamma near 2): the same one-step amplitude as converting to display space and back,
 * without three pow() per channel, which are the most expensive thing a software renderer does per pixel.
 */
const fragment = /* glsl */ `
float ditherHash(vec2 p) {
  vec3 p3 = fract(vec3(p.xyx) * 0.1031);
  p3 += dot(p3, p3.yzx + 33.33);
  return fract((p3.x + p3.y) * p3.z);
}
void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  vec3 linear = max(inputColor.rgb, 0.0);
  float noise = ditherHash(gl_FragCoord.xy) + ditherHash(gl_FragCoord.yx + 19.19) - 1.0;
  // never below one linear step of an 8-bit display near black (where the slope above goes to zero)
  vec3 slope = max(2.0 * sqrt(linear), vec3(0.08));
  outputColor = vec4(max(linear + slope * (noise / 255.0), 0.0), inputColor.a);
}
`

export class DitherEffect extends Effect {
  constructor() {
    super('DreamDither', fragment)
  }
}
