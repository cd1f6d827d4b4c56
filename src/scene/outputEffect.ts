import { BlendFunction, Effect } from 'postprocessing'
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
  // Straight-line code: a software renderer runs both sides of every branch, so the shoulder below is written to
  // leave colours under compressionStart unchanged by arithmetic, not by an early return
  const float compressionStart = 0.76;
  const float desaturation = 0.15;
  // toe: lift the darkest channel's floor off the colour (at most 0.04, reached at 0.08), smoothly near black
  float lowest = min(min(color.r, color.g), min(color.b, 0.08));
  color -= lowest - 6.25 * lowest * lowest;
  // shoulder: above compressionStart the brightest channel approaches 1 asymptotically, as
  // 1 - room^2 / (peak - compressionStart + room); the others keep their ratio to it
  const float room = 1.0 - compressionStart;
  float peak = max(color.r, max(color.g, color.b));
  float over = max(peak - compressionStart, 0.0);
  float newPeak = peak - over * over / (over + room);
  color *= over > 0.0 ? newPeak / peak : 1.0;
  // very bright colours drift towards white, as a bright light does
  float towardsWhite = 1.0 - 1.0 / (desaturation * (peak - newPeak) + 1.0);
  return mix(color, vec3(newPeak), towardsWhite);
}
`

/**
 * Defined in the output pass's own program that draws the flash limiter's sample of the picture (the effects
 * merged ahead of the output stage, without the output stage: see FlashLimiterEffect.sampleFrom). A define, not a
 * uniform switch: a software renderer runs both sides of a branch, and the frame's own program would pay for it at
 * every pixel (about 0.5 ms of a 640 x 360 frame on SwiftShader).
 */
export const PICTURE_SAMPLE_DEFINE = 'DREAM_PICTURE_SAMPLE'

/**
 * The output stage's effects replace the colour outright: their blend is SRC, not postprocessing's default mix with
 * an opacity (one vec4 mix per effect per pixel for nothing).
 */
const REPLACES = { blendFunction: BlendFunction.SRC }

/** The display transform, first in the output stage (before the flash limiter measures and limits). */
export class ToneMapEffect extends Effect {
  /** Shared with the flash limiter's measurements, so both always use the same exposure. */
  readonly exposure: Uniform<number>

  constructor(exposure = new Uniform(1)) {
    super(
      'DreamToneMap',
      `${TONE_MAPPING_GLSL}
uniform float exposure;
void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
#ifdef ${PICTURE_SAMPLE_DEFINE}
  outputColor = inputColor;
#else
  outputColor = vec4(dreamToneMap(inputColor.rgb, exposure), inputColor.a);
#endif
}
`,
      { ...REPLACES, uniforms: new Map<string, Uniform>([['exposure', exposure]]) },
    )
    this.exposure = exposure
  }
}

/**
 * The last effect of every frame: the display encoding (sRGB) and a one-step triangular dither in display
 * steps. Slow night gradients are the heart of a dreamscape and band badly on 8-bit screens without it.
 *
 * The output pass writes display values itself (EffectStack turns the pass's own encoding off): three's sRGB
 * encoding costs three pow() per pixel, the dearest thing a software renderer does per pixel. Here the curve
 * is a quartic in x^(1/4) (two square roots; a near-minimax fit), within 0.01 of an 8-bit step of the exact curve
 * everywhere, far below the dither's one step (three roots of a cubic fit came within 0.05, for 0.75 ms more of a
 * 640 x 360 frame on a software renderer).
 */
export const DISPLAY_ENCODE_GLSL = /* glsl */ `
vec3 displayEncode(vec3 linear) {
  vec3 r = sqrt(sqrt(linear));
  vec3 curve = -0.06461216 + r * (0.19613987 + r * (1.12267307 + r * (-0.3354944 + r * 0.08132806)));
  return mix(curve, linear * 12.92, lessThan(linear, vec3(0.0031308)));
}
`

const fragment = /* glsl */ `
// two independent uniform values from one hash of the pixel (one hash, not two: this runs for every pixel)
vec2 ditherHash(vec2 p) {
  vec3 p3 = fract(vec3(p.xyx) * vec3(0.1031, 0.1030, 0.0973));
  p3 += dot(p3, p3.yzx + 33.33);
  return fract((p3.xx + p3.yz) * p3.zy);
}
${DISPLAY_ENCODE_GLSL}
void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
#ifdef ${PICTURE_SAMPLE_DEFINE}
  outputColor = inputColor;
#else
  vec3 display = displayEncode(clamp(inputColor.rgb, 0.0, 1.0));
  // triangular noise of one code value either way: the sum of the two, less one
  vec2 pair = ditherHash(gl_FragCoord.xy);
  float noise = pair.x + pair.y - 1.0;
  outputColor = vec4(display + noise / 255.0, inputColor.a);
#endif
}
`

/** Encodes for the display itself: the pass it ends must not encode again (encodeOutput = false). */
export class DitherEffect extends Effect {
  constructor() {
    super('DreamDither', fragment, REPLACES)
  }
}
