// sky: a night gradient with a glowing horizon band that follows the night (bedtime embers, deep-night ink, dawn gold).
// Cost: transcendentals are dear on the software renderer; the glow's direction is a dot product (the cosine of
// the azimuth difference, no atan/cos per pixel) and pow(x, 4.0) two squarings.
#include ../lib/noise/snoise3.glsl;

vec4 renderLayer(vec3 dir, vec2 uv) {
  float h = dir.y;
  float up = clamp(h, 0.0, 1.0);
  vec3 color = mix(horizon, zenith, pow(up, curve));
  // below the horizon: the horizon colour sinking into the zenith's darkness
  color = mix(color, zenith * 0.35, smoothstep(0.0, -0.35, h));

  // cos(atan(z, x) - a) = (x cos a + z sin a) / |xz|
  float a = radians(glowAzimuth);
  float across = length(dir.xz);
  float toward = 0.5 + 0.5 * (across > 0.0 ? dot(dir.xz, vec2(cos(a), sin(a))) / across : 1.0);
  float toward2 = toward * toward;
  // the night: glow is strong at bedtime, faint at deep night, strongest at dawn, when it also spreads upward
  float sunrise = followNight ? smoothstep(0.6, 1.0, uNight) : 0.0;
  float band = exp(-abs(h - 0.02) / max(glowHeight * (1.0 + 1.5 * sunrise), 1e-3));
  float nightGlow = followNight ? mix(1.0, 0.35, smoothstep(0.0, 0.5, uNight)) + 1.0 * sunrise : 1.0;
  vec3 glowTint = followNight ? mix(glow, dawn, smoothstep(0.55, 1.0, uNight)) : glow;
  color += glowTint * glowStrength * nightGlow * band * mix(0.3, 1.0, toward2 * toward2);
  // the dawn's warmth rises from the horizon; high above the sky stays clear (a flat wash greyed the whole dawn)
  float low = 1.0 - up;
  if (followNight) color = mix(color, color + dawn * 0.35 * low * low * low, smoothstep(0.7, 1.0, uNight));

  // a faint breathing shimmer keeps large gradients alive
  color *= 1.0 + shimmer * 0.06 * snoise3(vec3(dir.xz * 3.0 / (0.3 + up), uTime * 0.05 + uSeed));
  return vec4(color, 1.0);
}
