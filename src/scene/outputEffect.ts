import { Effect } from 'postprocessing'

/**
 * The last effect of every frame: a one-step triangular dither applied in display (sRGB) space. Slow night
 * gradients are the heart of a dreamscape and band badly on 8-bit screens without it.
 */
const fragment = /* glsl */ `
float ditherHash(vec2 p) {
  vec3 p3 = fract(vec3(p.xyx) * 0.1031);
  p3 += dot(p3, p3.yzx + 33.33);
  return fract((p3.x + p3.y) * p3.z);
}
void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  vec3 display = pow(max(inputColor.rgb, 0.0), vec3(1.0 / 2.2));
  float noise = ditherHash(gl_FragCoord.xy) + ditherHash(gl_FragCoord.yx + 19.19) - 1.0;
  display += noise / 255.0;
  outputColor = vec4(pow(max(display, 0.0), vec3(2.2)), inputColor.a);
}
`

export class DitherEffect extends Effect {
  constructor() {
    super('DreamDither', fragment)
  }
}
