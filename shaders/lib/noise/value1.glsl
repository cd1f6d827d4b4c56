// seededValue1: smooth 1-D value noise in [0, 1], seeded by the document (uSeed) and a salt per use; continuous in
// its argument, so a drift in time never depends on the frame rate. For the glitch layers' slow currents.
// use: float drift = seededValue1(uTime * 0.3, 1.9);
// licence: MIT (Dreamscape).
// guarded in fused backdrop passes only (see hash.glsl): merged effect passes need every copy
#include hash.glsl;
#if !defined(DREAM_FUSED_PASS) || !defined(DREAM_LIB_VALUE1)
#define DREAM_LIB_VALUE1
float seededValue1(float x, float salt) {
  float i = floor(x);
  float f = fract(x);
  return mix(hash12(vec2(i, salt + uSeed)), hash12(vec2(i + 1.0, salt + uSeed)), f * f * (3.0 - 2.0 * f));
}
#endif
