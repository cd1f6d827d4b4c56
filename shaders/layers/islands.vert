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
  // a ragged outline: the rim wanders in and out around the island
  float outline = 1.0 + n * 0.35;
  if (s.y >= 0.0) {
    // a low, lumpy dome (hills and a knoll on top)
    float knoll = snoise3(s * 2.7 + key * 0.3) * 0.08 + 0.05;
    q = vec3(s.x * outline, s.y * (0.16 + knoll) + n * 0.03, s.z * outline);
    vShape = s.y;
  } else {
    float down = -s.y;
    // the rock narrows to a leaning, craggy tip: chunky strata near the top, spikes below
    float narrowing = pow(1.0 - down, 0.7) * outline * (1.0 + crag * roughness * 0.45 * down);
    float lean = (seedling.x - 0.5) * 0.8 * down * down;
    float drop = pow(down, 0.9) * depthRatio * (0.7 + 0.6 * seedling.w) * (1.0 + n * 0.3 + crag * 0.15 * roughness);
    q = vec3(s.x * narrowing + lean, -drop, s.z * narrowing + lean * 0.5);
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
