// nebula: domain-warped fbm clouds in three colours, fixed to the sky so they drift with the camera.
#include ../lib/noise/fbm.glsl;

vec4 renderLayer(vec3 dir, vec2 uv) {
  vec3 p = dir * scale + vec3(uSeed, uSeed * 0.37, uTime * drift);
  int warpOctaves = octaves > 3 ? octaves - 2 : 1;
  // two decorrelated fields bend the space the final fbm is read from: the marbled, swirling look
  vec3 q = vec3(fbm3(p, warpOctaves, 2.0, 0.5), fbm3(p + vec3(5.2, 1.3, 2.8), warpOctaves, 2.0, 0.5), 0.0);
  float n = fbm3(p + warp * 1.6 * q + vec3(0.0, 0.0, uTime * drift * 0.5), octaves, 2.05, 0.5);
  float t = clamp(n * 0.5 + 0.5, 0.0, 1.0);

  float body = smoothstep(threshold, 1.0, t);
  vec3 color = mix(colorA, colorB, smoothstep(0.2, 0.75, t + 0.25 * q.x));
  color = mix(color, colorC, smoothstep(0.55, 0.95, t) * smoothstep(-0.2, 0.6, q.y));
  // fade toward the horizon so the nebula sits in the sky, not on the ground
  float sky = smoothstep(-0.05, 0.25, dir.y);
  return vec4(color * brightness, body * density * sky);
}
