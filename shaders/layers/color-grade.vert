// color-grade, per draw: what depends on the sliders and time alone, worked out at the pass triangle's three
// vertices instead of in every pixel (an exponential, a division and the hue rotation's three trig calls).
varying float gradeExposure;      // exp2(exposure): the stops as a factor
varying float gradeInverseGamma;  // 1 / gamma
varying vec2 gradeHue;            // cos and sin of the hue rotation (the shift plus its slow drift)

void mainSupport(const in vec2 uv) {
  gradeExposure = exp2(exposure);
  gradeInverseGamma = 1.0 / max(gamma, 0.05);
  float angle = radians(hueShift + hueDrift * 8.0 * sin(uTime * 0.05));
  gradeHue = vec2(cos(angle), sin(angle));
}
