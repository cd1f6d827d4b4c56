// grain: living film grain and a soft vignette, the texture of a remembered dream.
#include ../lib/noise/hash.glsl;

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  // grain refreshes 24 times a dream-second, like film, whatever the display rate
  float frame = floor(uTime * 24.0);
  vec2 cell = floor(uv * uResolution / max(grainSize, 1.0));
  // triangular noise: two uniform values from one hash (this runs for every pixel of every frame)
  vec2 pair = hash22(cell + frame * vec2(17.31, 3.17) + uSeed);
  float g = pair.x + pair.y - 1.0;
  float luma = dot(inputColor.rgb, vec3(0.2126, 0.7152, 0.0722));
  // grain shows most in the mid-tones and stays out of deep blacks
  float response = smoothstep(0.0, 0.15, luma) * (1.0 - 0.5 * smoothstep(0.5, 1.0, luma));
  vec3 color = inputColor.rgb * (1.0 + g * amount * response * 2.0);
  vec2 centered = (uv - 0.5) * vec2(uResolution.x / uResolution.y, 1.0);
  float vignetteMask = 1.0 - vignette * smoothstep(0.25, 1.1, length(centered));
  color *= vignetteMask * mix(vec3(1.0), tint, tintAmount);
  outputColor = vec4(color, inputColor.a);
}
