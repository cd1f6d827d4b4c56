// permute / mod289 / taylorInvSqrt: the arithmetic hash behind the simplex noises (no textures, no bit ops).
// use: helpers for snoise2 and snoise3; include before them.
// licence: MIT. After Ashima Arts / Stefan Gustavson, webgl-noise (Copyright (C) 2011 Ashima Arts, 2011-2016 Stefan Gustavson).
// guarded in fused backdrop passes only (several layers' code in one program, see src/scene/backdropStack.ts);
// merged effect passes need every copy, since postprocessing renames each effect's functions apart
#if !defined(DREAM_FUSED_PASS) || !defined(DREAM_LIB_PERMUTE)
#define DREAM_LIB_PERMUTE
vec2 mod289(vec2 x) { return x - floor(x * (1.0 / 289.0)) * 289.0; }
vec3 mod289(vec3 x) { return x - floor(x * (1.0 / 289.0)) * 289.0; }
vec4 mod289(vec4 x) { return x - floor(x * (1.0 / 289.0)) * 289.0; }
vec3 permute(vec3 x) { return mod289(((x * 34.0) + 10.0) * x); }
vec4 permute(vec4 x) { return mod289(((x * 34.0) + 10.0) * x); }
vec4 taylorInvSqrt(vec4 r) { return 1.79284291400159 - 0.85373472095314 * r; }
#endif
