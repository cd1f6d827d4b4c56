// color-grade: the look of a remembered dream. Exposure, lift/gamma/gain, split toning, contrast around
// mid-grey, a filmic shoulder, saturation and a hue drift, all on linear HDR colour.

// per draw (color-grade.vert): the exposure factor, 1 / gamma, the hue rotation's cosine and sine
varying float gradeExposure;
varying float gradeInverseGamma;
varying vec2 gradeHue;

vec3 rotateHue(vec3 c, vec2 cosSin) {
  // rotation about the grey axis (Rodrigues' formula): keeps luminance-ish while turning hue
  vec3 k = vec3(0.57735);
  return c * cosSin.x + cross(k, c) * cosSin.y + k * dot(k, c) * (1.0 - cosSin.x);
}

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  vec3 c = max(inputColor.rgb, 0.0) * gradeExposure;
  // lift raises the blacks toward a colour, gain scales, gamma bends the mid-tones
  c = c + lift * liftAmount * (1.0 - clamp(c, 0.0, 1.0));
  c = pow(c * gain, vec3(gradeInverseGamma));
  // split toning: shadows lean one way, highlights another
  float luma = dot(c, vec3(0.2126, 0.7152, 0.0722));
  float highs = smoothstep(0.05, 0.6, luma);
  vec3 tone = mix(shadowTint, highlightTint, highs);
  c = mix(c, c * tone * 2.0, toning);
  // contrast around mid-grey, in log space so it behaves the same at every brightness
  c = 0.18 * pow(max(c, 1e-5) / 0.18, vec3(contrast));
  // a soft filmic shoulder keeps highlights from clipping hard
  vec3 shoulder = c * (1.0 + c / 9.0) / (1.0 + c);
  c = mix(c, shoulder * 1.2, curve);
  luma = dot(c, vec3(0.2126, 0.7152, 0.0722));
  c = max(mix(vec3(luma), c, saturation), 0.0);
  c = max(rotateHue(c, gradeHue), 0.0);
  outputColor = vec4(c, inputColor.a);
}
