// cosinePalette: smooth procedural colour ramps (a + b * cos(2 pi (c t + d))).
// use: vec3 c = cosinePalette(t, a, b, c, d);
// licence: MIT (Dreamscape), after Inigo Quilez's article on procedural palettes.
// guarded in fused backdrop passes only (several layers' code in one program, see src/scene/backdropStack.ts);
// merged effect passes need every copy, since postprocessing renames each effect's functions apart
#if !defined(DREAM_FUSED_PASS) || !defined(DREAM_LIB_PALETTE)
#define DREAM_LIB_PALETTE
vec3 cosinePalette(float t, vec3 a, vec3 b, vec3 c, vec3 d) {
  return a + b * cos(6.28318530718 * (c * t + d));
}
#endif
