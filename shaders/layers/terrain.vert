// terrain: the CPU builds the heightfield once per seed (unit height, with its slope); the GPU scales it.
// The ground's two broad noises (patches of colour, the contours' slow shimmer) vary over tens of metres, so they
// are evaluated per vertex and interpolated, not per pixel; so are the terms that only depend on distance.
#include ../lib/noise/snoise2.glsl;
attribute vec2 slope;
varying vec3 vWorld;
varying vec3 vNormal;
varying float vHeight;
varying vec2 vNoise;  // x: colour variation, y: contour shimmer
varying vec3 vDistance; // aerial perspective, the mist's rise with distance, the haze's tint: smooth in distance
void main() {
  vec3 p = position;
  vHeight = p.y;
  p.y *= height;
  // a heightfield's normal is (-dh/dx, 1, -dh/dz): scaling h scales the slope, so it stays exact
  vNormal = normalize(vec3(-slope.x * height, 1.0, -slope.y * height));
  vec4 world = modelMatrix * vec4(p, 1.0);
  vWorld = world.xyz;
  vNoise = vec2(snoise2(world.xz * 0.05 + uSeed), snoise2(world.xz * 0.08 + vec2(uTime * 0.02, uSeed)));
  float dist = length(cameraPosition - world.xyz);
  vDistance = vec3(1.0 - exp(-pow(dist * fogDensity, 1.6)), smoothstep(4.0, 30.0, dist), smoothstep(20.0, 110.0, dist));
  gl_Position = projectionMatrix * viewMatrix * world;
}
