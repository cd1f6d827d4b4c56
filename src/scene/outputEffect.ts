import { Effect } from 'postprocessing'

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
