// fireflies: each one wanders through a slowly changing noise flow field around its home, pulsing softly.
#include ../lib/noise/snoise3.glsl;
attribute vec4 seedling;   // xyz: home in the unit cube, w: personal phase
varying float vGlow;
varying float vTint;

void main() {
  vec3 home = (seedling.xyz - 0.5) * vec3(spread, 0.0, spread * 1.6) + vec3(0.0, 0.35, -spread * 0.45);
  home.y += seedling.y * altitude;
  float t = uTime * speed + seedling.w * 40.0;
  vec3 q = home * 0.18 + uSeed;
  // three decorrelated noise samples make a smooth, wandering offset (a flow field through time)
  vec3 flow = vec3(snoise3(q + vec3(0.0, 0.0, t * 0.13)), snoise3(q + vec3(19.1, 0.0, t * 0.11)), snoise3(q + vec3(0.0, 37.3, t * 0.12)));
  vec3 p = home + flow * wander + vec3(0.0, sin(t * 0.7) * 0.15, 0.0);
  vec4 view = viewMatrix * modelMatrix * vec4(p, 1.0);
  gl_Position = projectionMatrix * view;
  float pulse = 0.55 + 0.45 * sin(uTime * pulseSpeed + seedling.w * 6.2831);
  vGlow = pulse;
  vTint = fract(seedling.w * 7.31);
  gl_PointSize = size * uResolution.y * 0.02 / max(-view.z, 0.5);
}
