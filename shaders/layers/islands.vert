// islands: each instance is a unit sphere reshaped into a floating island (a flattened grassy dome over a
// craggy cone of rock), displaced by seeded noise, turning and bobbing slowly.
#include ../lib/noise/snoise3.glsl;
attribute vec4 seedling;   // per instance: xyz noise offset, w personal phase
varying vec3 vWorld;
varying float vShape;      // > 0 on the top, < 0 down the rock, -1 at the tip

void main() {
  vec3 s = position;
  vec3 key = seedling.xyz * 40.0 + uSeed;
  float n = snoise3(s * 1.6 + key);
  float crag = snoise3(s * 4.3 + key * 1.7);
  vec3 q;
  if (s.y >= 0.0) {
    // a low dome with a wavy rim
    q = vec3(s.x, s.y * 0.2 + n * 0.04, s.z) * (1.0 + n * 0.12);
    vShape = s.y;
  } else {
    float down = -s.y;
    float narrowing = pow(1.0 - down, 0.9) * (1.0 + (n * 0.35 + crag * roughness * 0.35) * down);
    q = vec3(s.x * narrowing, -pow(down, 0.85) * depthRatio * (0.8 + 0.5 * seedling.w) * (1.0 + n * 0.25), s.z * narrowing);
    vShape = -down;
  }
  // slow turn and bob, each island to its own rhythm
  float turn = uTime * drift * 0.05 * (seedling.w > 0.5 ? 1.0 : -1.0) + seedling.w * 6.28;
  float c = cos(turn);
  float sn = sin(turn);
  q.xz = mat2(c, -sn, sn, c) * q.xz;
  vec4 world = vec4(q, 1.0);
#ifdef USE_INSTANCING
  world = instanceMatrix * world;
#endif
  world = modelMatrix * world;
  world.y += sin(uTime * drift * 0.3 + seedling.w * 17.0) * bob;
  vWorld = world.xyz;
  gl_Position = projectionMatrix * viewMatrix * world;
}
