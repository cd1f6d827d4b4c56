// dirToSphereUv: maps a view direction to longitude/latitude in [0, 1]^2, for sky-fixed patterns.
// use: vec2 st = dirToSphereUv(normalize(dir));
// licence: MIT (Dreamscape).
// guarded in fused backdrop passes only (several layers' code in one program, see src/scene/backdropStack.ts);
// merged effect passes need every copy, since postprocessing renames each effect's functions apart
#if !defined(DREAM_FUSED_PASS) || !defined(DREAM_LIB_DIRTOUV)
#define DREAM_LIB_DIRTOUV
vec2 dirToSphereUv(vec3 d) {
  return vec2(atan(d.z, d.x) * 0.15915494 + 0.5, asin(clamp(d.y, -1.0, 1.0)) * 0.31830989 + 0.5);
}
#endif
