// glitch-rgb, per draw: what depends on time and the sliders alone, worked out at the pass triangle's three
// vertices instead of in every pixel (the drift's value noises, its angle, the stutter's hashes).
#include ../lib/noise/hash.glsl;
varying vec2 rgbShift;      // the split's offset before the lens and the torn rows, in uv
varying float rgbStrength;  // k: the intensity under the crash envelope

// smooth 1-D value noise in [0, 1]: continuous in time, so the drift never depends on the frame rate
float rgbDrift(float x, float salt) {
  float i = floor(x);
  float f = fract(x);
  return mix(hash12(vec2(i, salt + uSeed)), hash12(vec2(i + 1.0, salt + uSeed)), f * f * (3.0 - 2.0 * f));
}

void mainSupport(const in vec2 uv) {
  float k = clamp(intensity * uCrash, 0.0, 1.0);
  float t = uTime * drift;
  float angle = 6.2831853 * rgbDrift(t * 0.23, 3.7) + t * 0.4;
  vec2 direction = vec2(cos(angle), sin(angle) * 0.45);
  // stutters: a few times a second the split may jump sideways for one beat (more often as the crash deepens)
  float beat = floor(uTime * 7.0);
  float stutter = step(1.0 - 0.45 * k * k, hash12(vec2(beat, 11.3 + uSeed))) * (hash12(vec2(beat, 5.1)) - 0.5) * 5.0;
  vec2 pixelAspect = vec2(1.0, uResolution.x / max(uResolution.y, 1.0));
  rgbShift = (direction + vec2(stutter, 0.0)) * spread * k * (0.55 + 0.45 * rgbDrift(t * 0.9, 1.9)) * pixelAspect;
  rgbStrength = k;
}
