// glitch-rgb: the picture splits into its red, green and blue guns, which drift apart on slow currents,
// snap sideways when the sync stutters, and spread wider towards the edges like a cheap lens.
#include ../lib/noise/hash.glsl;
// per draw (glitch-rgb.vert): the drift and the stutter
varying vec2 rgbShift;
varying float rgbStrength;

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  float k = rgbStrength;
  // torn rows: thin bands where the split briefly doubles
  float row = floor(uv.y * 36.0);
  float rowTear = step(1.0 - 0.25 * k, hash12(vec2(row, floor(uTime * 11.0) + uSeed)));
  float lens = mix(1.0, 0.35 + 2.4 * length(uv - 0.5), radial);
  vec2 offset = rgbShift * lens * (1.0 + rowTear);
  vec3 split;
  split.r = texture2D(inputBuffer, uv + offset).r;
  split.g = inputColor.g;
  split.b = texture2D(inputBuffer, uv - offset).b;
  // a faint prismatic ghost trails further out; it fades in from k = 0.05, so in the calm's hum (k ~ 0.05) a GPU
  // skips its three taps (the weight is the same for the whole picture). A software renderer runs them anyway; as
  // passes of a loop that the calm leaves after two they cost the layer twice as much with the ghost on (measured)
  float ghostWeight = 0.22 * k * smoothstep(0.05, 0.15, k);
  if (ghostWeight > 0.0) {
    vec3 ghost = vec3(texture2D(inputBuffer, uv + offset * 2.6).r, texture2D(inputBuffer, uv - offset * 1.3).g,
                      texture2D(inputBuffer, uv - offset * 2.6).b);
    split = (split + ghost * ghostWeight) / (1.0 + ghostWeight);
  }
  outputColor = vec4(split, inputColor.a);
}
