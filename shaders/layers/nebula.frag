// nebula: domain-warped fbm clouds in three colours, fixed to the sky so they drift with the camera.
// Cost: SwiftShader runs both sides of every `if` for every pixel (masked); only a loop ends early, after its
// first pass, when no pixel of a 2 x 2 quad goes on. So the three fbm3 sums share one loop of octaves, which
// pixels below the horizon fade (no nebula there) leave after one pass.
#include ../lib/noise/snoise3.glsl;
#define NEBULA_MAX_OCTAVES 8

vec4 renderLayer(vec3 dir, vec2 uv) {
  vec3 p = dir * scale + vec3(uSeed, uSeed * 0.37, uTime * drift);
  int finalOctaves = min(octaves, NEBULA_MAX_OCTAVES);
  int warpOctaves = octaves > 3 ? octaves - 2 : 1;
  // fade toward the horizon so the nebula sits in the sky, not on the ground
  float sky = smoothstep(-0.05, 0.25, dir.y);
  // two decorrelated fields bend the space the final fbm is read from: the marbled, swirling look.
  // One loop: octaves of the first warp field, of the second, then of the final fbm (each summed as fbm3 does)
  int total = sky > 0.0 ? 2 * warpOctaves + finalOctaves : 0;
  // the final sum's amplitudes add up to finalNorm; where it can no longer reach the body's threshold
  // (|snoise3| < 1.05 for the octaves left) the nebula is exactly transparent there: stop
  float finalNorm = 1.0 - exp2(-float(finalOctaves));
  float lowest = (threshold - 0.5) * 2.0;
  vec3 q = vec3(0.0);
  vec3 x = p;
  float sum = 0.0;
  float amplitude = 0.5;
  float norm = 0.0;
  for (int i = 0; i < 3 * NEBULA_MAX_OCTAVES; i++) {
    if (i >= total) break;
    sum += amplitude * snoise3(x);
    norm += amplitude;
    if (i >= 2 * warpOctaves && sum + (finalNorm - norm) * 1.05 <= lowest * finalNorm) {
      sum = -finalNorm;
      break;
    }
    x = x * (i < 2 * warpOctaves ? 2.0 : 2.05) + vec3(17.13, -9.71, 4.37);
    amplitude *= 0.5;
    bool firstDone = i == warpOctaves - 1;
    bool secondDone = i == 2 * warpOctaves - 1;
    if (firstDone) q.x = sum / max(norm, 1e-4);
    if (secondDone) q.y = sum / max(norm, 1e-4);
    if (firstDone || secondDone) {
      sum = 0.0;
      amplitude = 0.5;
      norm = 0.0;
      x = firstDone ? p + vec3(5.2, 1.3, 2.8) : p + warp * 1.6 * q + vec3(0.0, 0.0, uTime * drift * 0.5);
    }
  }
  float n = sum / max(norm, 1e-4);
  float t = clamp(n * 0.5 + 0.5, 0.0, 1.0);

  float body = smoothstep(threshold, 1.0, t);
  vec3 color = mix(colorA, colorB, smoothstep(0.2, 0.75, t + 0.25 * q.x));
  color = mix(color, colorC, smoothstep(0.55, 0.95, t) * smoothstep(-0.2, 0.6, q.y));
  return vec4(color * brightness, body * density * sky);
}
