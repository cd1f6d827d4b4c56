// clouds: soft cloud banks in a slab of sky, raymarched with a bounded number of steps and lit by the moon.
// Lighting uses the density change along the light direction (one extra sample per step), which gives
// silver linings on the moonward edges without a second march.
#include ../lib/noise/fbm.glsl;
#include ../lib/noise/hash.glsl;
#define CLOUDS_MAX_STEPS 48

float cloudDensity(vec3 p, float t, int detail) {
  vec3 q = p * (0.045 / scale) + vec3(t * wind, 0.0, t * wind * 0.3) + uSeed;
  float n = fbm3(q, detail, 2.03, 0.5) * 0.5 + 0.5;
  // round bottoms and softer tops: a bank, not a slab
  float h = clamp((p.y - altitude) / thickness, 0.0, 1.0);
  float profile = smoothstep(0.0, 0.25, h) * smoothstep(1.0, 0.45, h);
  return smoothstep(1.0 - coverage, 1.25 - coverage * 0.8, n) * profile;
}

vec4 renderLayer(vec3 dir, vec2 uv) {
  if (dir.y < 0.01) return vec4(0.0);
  float t = uTime;
  // the slab between altitude and altitude + thickness, entered from below
  float enter = altitude / dir.y;
  float leave = (altitude + thickness) / dir.y;
  // far away the slab is a thin line: cap the path so steps stay dense where it matters
  leave = min(leave, enter + thickness * 6.0);
  float stepLength = (leave - enter) / float(steps);
  // a per-pixel start offset turns step banding into fine, unstructured grain
  float jitter = hash12(uv * uResolution + uSeed);

  float az = radians(lightAzimuth);
  vec3 toLight = normalize(vec3(cos(az), 0.35, sin(az)));
  int lightOctaves = octaves > 1 ? octaves - 1 : 1;
  float transmittance = 1.0;
  vec3 light = vec3(0.0);
  for (int i = 0; i < CLOUDS_MAX_STEPS; i++) {
    if (i >= steps || transmittance < 0.03) break;
    vec3 p = dir * (enter + (float(i) + jitter) * stepLength);
    float d = cloudDensity(p, t, octaves);
    if (d <= 0.0) continue;
    // the light probe skips the finest octave: it only needs the broad shape of the cloud
    float towardLight = cloudDensity(p + toLight * thickness * 0.3, t, lightOctaves);
    float lit = clamp((d - towardLight) * 1.5 + 0.3, 0.0, 1.0) * (0.55 + 0.45 * clamp((p.y - altitude) / thickness, 0.0, 1.0));
    vec3 local = mix(shadowColor, litColor, lit);
    float absorb = 1.0 - exp(-d * density * stepLength * 0.35);
    light += transmittance * absorb * local;
    transmittance *= 1.0 - absorb;
  }
  // distance haze: far clouds melt into the sky at the horizon
  float fade = smoothstep(0.01, 0.12, dir.y);
  float dawn = followNight ? smoothstep(0.6, 1.0, uNight) : 0.0;
  vec3 tint = mix(vec3(1.0), dawnTint * 1.6, dawn);
  float alpha = (1.0 - transmittance) * fade;
  return vec4(light * tint * brightness / max(1.0 - transmittance, 1e-3), alpha);
}
