// sky: a night gradient with a glowing horizon band that follows the night (bedtime embers, deep-night ink, dawn gold).
#include ../lib/noise/snoise3.glsl;

vec4 renderLayer(vec3 dir, vec2 uv) {
  float h = dir.y;
  float up = clamp(h, 0.0, 1.0);
  vec3 color = mix(horizon, zenith, pow(up, curve));
  // below the horizon: the horizon colour sinking into the zenith's darkness
  color = mix(color, zenith * 0.35, smoothstep(0.0, -0.35, h));

  float toward = 0.5 + 0.5 * cos(atan(dir.z, dir.x) - radians(glowAzimuth));
  // the night: glow is strong at bedtime, faint at deep night, strongest at dawn, when it also spreads upward
  float sunrise = followNight ? smoothstep(0.6, 1.0, uNight) : 0.0;
  float band = exp(-abs(h - 0.02) / max(glowHeight * (1.0 + 1.5 * sunrise), 1e-3));
  float nightGlow = followNight ? mix(1.0, 0.35, smoothstep(0.0, 0.5, uNight)) + 1.0 * sunrise : 1.0;
  vec3 glowTint = followNight ? mix(glow, dawn, smoothstep(0.55, 1.0, uNight)) : glow;
  color += glowTint * glowStrength * nightGlow * band * mix(0.3, 1.0, pow(toward, 4.0));
  // the dawn's warmth rises from the horizon; high above the sky stays clear (a flat wash greyed the whole dawn)
  float low = 1.0 - up;
  if (followNight) color = mix(color, color + dawn * 0.35 * low * low * low, smoothstep(0.7, 1.0, uNight));

  // a faint breathing shimmer keeps large gradients alive
  color *= 1.0 + shimmer * 0.06 * snoise3(vec3(dir.xz * 3.0 / (0.3 + up), uTime * 0.05 + uSeed));
  return vec4(color, 1.0);
}
