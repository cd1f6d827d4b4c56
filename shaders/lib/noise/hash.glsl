// hash12 / hash22 / hash13 / hash43: cheap, well-distributed pseudo-random numbers in [0, 1) from coordinates.
// use: float r = hash12(cell + uSeed); for star positions, twinkles, glitch blocks.
// licence: MIT (Dreamscape), after the integer-free "hash without sine" shape.
// guarded in fused backdrop passes only (several layers' code in one program, see src/scene/backdropStack.ts);
// merged effect passes need every copy, since postprocessing renames each effect's functions apart
#if !defined(DREAM_FUSED_PASS) || !defined(DREAM_LIB_HASH)
#define DREAM_LIB_HASH
float hash12(vec2 p) {
  vec3 p3 = fract(vec3(p.xyx) * 0.1031);
  p3 += dot(p3, p3.yzx + 33.33);
  return fract((p3.x + p3.y) * p3.z);
}
vec2 hash22(vec2 p) {
  vec3 p3 = fract(vec3(p.xyx) * vec3(0.1031, 0.1030, 0.0973));
  p3 += dot(p3, p3.yzx + 33.33);
  return fract((p3.xx + p3.yz) * p3.zy);
}
float hash13(vec3 p3) {
  p3 = fract(p3 * 0.1031);
  p3 += dot(p3, p3.zyx + 31.32);
  return fract((p3.x + p3.y) * p3.z);
}
// four numbers from one point, for not much more than one: a software renderer pays per call, so a cell's several
// random properties come from one
vec4 hash43(vec3 p) {
  vec4 p4 = fract(vec4(p.xyzx) * vec4(0.1031, 0.1030, 0.0973, 0.1099));
  p4 += dot(p4, p4.wzxy + 33.33);
  return fract((p4.xxyz + p4.yzzw) * p4.zywx);
}
#endif
