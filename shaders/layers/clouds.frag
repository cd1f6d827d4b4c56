// clouds: soft cloud banks in a slab of sky, raymarched with a bounded number of steps and lit by the moon.
// Lighting uses the density change along the light direction (one extra sample per step), which gives
// silver linings on the moonward edges without a second march.
// Cost: SwiftShader runs both sides of every `if` for every pixel (masked); only a loop ends early, after its
// first pass, when no pixel of a 2 x 2 quad goes on. So each step's density and light probe share one loop
// of noise octaves: it ends where the density is zero (no probe needed) or can no longer rise above the
// coverage threshold whatever the octaves left add (the density is then exactly zero, as before).
#include ../lib/noise/snoise3.glsl;
#include ../lib/noise/hash.glsl;
#define CLOUDS_MAX_STEPS 48
#define CLOUDS_MAX_OCTAVES 5

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
  vec3 probeOffset = toLight * thickness * 0.3;
  int detail = min(octaves, CLOUDS_MAX_OCTAVES);
  // the light probe skips the finest octave: it only needs the broad shape of the cloud
  int lightDetail = detail > 1 ? detail - 1 : 1;
  // fbm3's normalisation (the sum of the octaves' amplitudes) for both sums
  float densityNorm = 1.0 - exp2(-float(detail));
  float lightNorm = 1.0 - exp2(-float(lightDetail));
  // the fbm value a point needs for any density: smoothstep(1 - coverage, ...) of fbm * 0.5 + 0.5 is zero below
  float threshold = 1.0 - 2.0 * coverage;
  vec3 drift = vec3(t * wind, 0.0, t * wind * 0.3);
  float frequency = 0.045 / scale;
  float edge0 = 1.0 - coverage;
  float edge1 = 1.25 - coverage * 0.8;

  float transmittance = 1.0;
  vec3 light = vec3(0.0);
  for (int i = 0; i < CLOUDS_MAX_STEPS; i++) {
    if (i >= steps || transmittance < 0.03) break;
    vec3 p = dir * (enter + (float(i) + jitter) * stepLength);
    // the density's octaves, then (where there is density) the light probe's, as fbm3 sums them
    vec3 x = p * frequency + drift + uSeed;
    vec3 at = p;
    float sum = 0.0;
    float amplitude = 0.5;
    float norm = 0.0;
    float full = densityNorm;
    int left = detail;
    bool probing = false;
    float d = 0.0;
    float towardLight = 0.0;
    for (int k = 0; k < 2 * CLOUDS_MAX_OCTAVES; k++) {
      sum += amplitude * snoise3(x);
      norm += amplitude;
      x = x * 2.03 + vec3(17.13, -9.71, 4.37);
      amplitude *= 0.5;
      left--;
      // |snoise3| < 1.05: past this bound the remaining octaves cannot lift the sum to the threshold
      bool hopeless = (sum + (full - norm) * 1.05) / full <= threshold;
      if (left > 0 && !hopeless) continue;
      float n = sum / max(norm, 1e-4) * 0.5 + 0.5;
      // round bottoms and softer tops: a bank, not a slab
      float h = clamp((at.y - altitude) / thickness, 0.0, 1.0);
      float profile = smoothstep(0.0, 0.25, h) * smoothstep(1.0, 0.45, h);
      float value = hopeless ? 0.0 : smoothstep(edge0, edge1, n) * profile;
      if (probing) {
        towardLight = value;
        break;
      }
      d = value;
      if (d <= 0.0) break;
      // on to the light probe
      probing = true;
      at = p + probeOffset;
      x = at * frequency + drift + uSeed;
      sum = 0.0;
      amplitude = 0.5;
      norm = 0.0;
      full = lightNorm;
      left = lightDetail;
    }
    float lit = clamp((d - towardLight) * 1.5 + 0.3, 0.0, 1.0) * (0.55 + 0.45 * clamp((p.y - altitude) / thickness, 0.0, 1.0));
    vec3 local = mix(shadowColor, litColor, lit);
    float absorb = d > 0.0 ? 1.0 - exp(-d * density * stepLength * 0.35) : 0.0;
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
