// glitch-rgb: the picture splits into its red, green and blue guns, which drift apart on slow currents,
// snap sideways when the sync stutters, and spread wider towards the edges like a cheap lens.
#include ../lib/noise/hash.glsl;

// smooth 1-D value noise in [0, 1]: continuous in time, so the drift never depends on the frame rate
float rgbDrift(float x, float salt) {
  float i = floor(x);
  float f = fract(x);
  return mix(hash12(vec2(i, salt + uSeed)), hash12(vec2(i + 1.0, salt + uSeed)), f * f * (3.0 - 2.0 * f));
}

void mainImage(const in vec4 inputColor, const in vec2 uv, out vec4 outputColor) {
  float k = clamp(intensity * uCrash, 0.0, 1.0);
  float t = uTime * drift;
  float angle = 6.2831853 * rgbDrift(t * 0.23, 3.7) + t * 0.4;
  vec2 direction = vec2(cos(angle), sin(angle) * 0.45);
  // stutters: a few times a second the split may jump sideways for one beat (more often as the crash deepens)
  float beat = floor(uTime * 7.0);
  float stutter = step(1.0 - 0.45 * k * k, hash12(vec2(beat, 11.3 + uSeed))) * (hash12(vec2(beat, 5.1)) - 0.5) * 5.0;
  // torn rows: thin bands where the split briefly doubles
  float row = floor(uv.y * 36.0);
  float rowTear = step(1.0 - 0.25 * k, hash12(vec2(row, floor(uTime * 11.0) + uSeed)));
  float lens = mix(1.0, 0.35 + 2.4 * length(uv - 0.5), radial);
  vec2 pixelAspect = vec2(1.0, uResolution.x / max(uResolution.y, 1.0));
  float magnitude = spread * k * lens * (0.55 + 0.45 * rgbDrift(t * 0.9, 1.9)) * (1.0 + rowTear);
  vec2 offset = (direction + vec2(stutter, 0.0)) * magnitude * pixelAspect;
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
