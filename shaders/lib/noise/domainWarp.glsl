// domainWarp3: displaces a point by two decorrelated fbm fields (Inigo Quilez's warping idea), for marbled clouds.
// use: vec3 q = domainWarp3(p, strength, octaves); float n = fbm3(q, octaves, 2.0, 0.5);
// licence: MIT (Dreamscape).
// guarded in fused backdrop passes only (several layers' code in one program, see src/scene/backdropStack.ts);
// merged effect passes need every copy, since postprocessing renames each effect's functions apart
#if !defined(DREAM_FUSED_PASS) || !defined(DREAM_LIB_DOMAINWARP)
#define DREAM_LIB_DOMAINWARP
#include fbm.glsl;
vec3 domainWarp3(vec3 p, float strength, int octaves) {
  vec3 offset = vec3(
    fbm3(p + vec3(0.0, 0.0, 0.0), octaves, 2.0, 0.5),
    fbm3(p + vec3(5.2, 1.3, 2.8), octaves, 2.0, 0.5),
    fbm3(p + vec3(1.7, 9.2, 4.1), octaves, 2.0, 0.5));
  return p + strength * offset;
}
#endif
