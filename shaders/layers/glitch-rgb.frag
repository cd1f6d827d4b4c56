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
  // The red and blue taps, then the faint prismatic ghost further out (three taps), which fades in from k = 0.05.
  // As passes of one loop: a software renderer runs both sides of every branch, but leaves a loop once no pixel
  // needs another pass, so in the calm's hum (k ~ 0.05, the ghost's weight 0 for the whole picture) the ghost's
  // taps cost nothing; a branch around them cost all three in every pixel.
  float ghostWeight = 0.22 * k * smoothstep(0.05, 0.15, k);
  vec3 split = vec3(0.0, inputColor.g, 0.0);
  vec3 ghost = vec3(0.0);
  for (int i = 0; i < 5; i++) {
    if (i == 2 && ghostWeight <= 0.0) break;
    // offsets along the split: red +1, blue -1, then the ghost's red +2.6, green -1.3, blue -2.6
    float along = i == 0 ? 1.0 : i == 1 ? -1.0 : i == 2 ? 2.6 : i == 3 ? -1.3 : -2.6;
    vec3 tap = texture2D(inputBuffer, uv + offset * along).rgb;
    if (i == 0) split.r = tap.r;
    else if (i == 1) split.b = tap.b;
    else if (i == 2) ghost.r = tap.r;
    else if (i == 3) ghost.g = tap.g;
    else ghost.b = tap.b;
  }
  split = (split + ghost * ghostWeight) / (1.0 + ghostWeight);
  outputColor = vec4(split, inputColor.a);
}
