// fbm2 / fbm3: fractal sums of simplex noise, roughly in [-1, 1].
// use: fbm3(p, octaves, 2.0, 0.5); octaves is clamped to FBM_MAX_OCTAVES so a preset cannot make the loop unbounded.
// licence: MIT (Dreamscape).
// guarded in fused backdrop passes only (several layers' code in one program, see src/scene/backdropStack.ts);
// merged effect passes need every copy, since postprocessing renames each effect's functions apart
#if !defined(DREAM_FUSED_PASS) || !defined(DREAM_LIB_FBM)
#define DREAM_LIB_FBM
#include snoise2.glsl;
#include snoise3.glsl;
#define FBM_MAX_OCTAVES 8
float fbm2(vec2 p, int octaves, float lacunarity, float gain) {
  float sum = 0.0;
  float amplitude = 0.5;
  float norm = 0.0;
  for (int i = 0; i < FBM_MAX_OCTAVES; i++) {
    if (i >= octaves) break;
    sum += amplitude * snoise2(p);
    norm += amplitude;
    p = p * lacunarity + vec2(17.13, -9.71);
    amplitude *= gain;
  }
  return sum / max(norm, 1e-4);
}
float fbm3(vec3 p, int octaves, float lacunarity, float gain) {
  float sum = 0.0;
  float amplitude = 0.5;
  float norm = 0.0;
  for (int i = 0; i < FBM_MAX_OCTAVES; i++) {
    if (i >= octaves) break;
    sum += amplitude * snoise3(p);
    norm += amplitude;
    p = p * lacunarity + vec3(17.13, -9.71, 4.37);
    amplitude *= gain;
  }
  return sum / max(norm, 1e-4);
}
#endif
