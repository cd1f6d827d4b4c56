// stars: three depths of procedural stars on the sky sphere, twinkling, with an optional milky band.
#include ../lib/noise/hash.glsl;
#include ../lib/noise/fbm.glsl;

// One star per cell of a 3D grid cut by the sky sphere: seamless in every direction, no texture.
vec3 starLayer(vec3 dir, float cells, float pixelAngle, float layerSeed, float chance) {
  vec3 p = dir * cells;
  vec3 cell = floor(p);
  float r = hash13(cell + layerSeed + uSeed);
  if (r > density * chance) return vec3(0.0);
  vec3 jitter = vec3(hash13(cell + 11.7), hash13(cell + 23.1), hash13(cell + 37.9));
  vec3 star = cell + 0.25 + 0.5 * jitter;
  float d = length(p - star) / cells;                 // angle-ish distance on the unit sphere
  // a few large stars, many pin-pricks: magnitudes follow a steep power law as in a real sky
  float magnitude = pow(hash13(cell + 5.3), 8.0);
  float radius = pixelAngle * size * (0.45 + 1.2 * magnitude);
  float core = exp(-d * d / (radius * radius));
  float twinkleRate = 0.6 + 2.4 * hash13(cell + 3.1);
  float blink = 1.0 - twinkle * (0.5 + 0.5 * sin(uTime * twinkleRate * 2.0 + r * 100.0));
  vec3 tint = mix(warm, cool, hash13(cell + 71.0));
  return tint * core * blink * (0.15 + 0.35 * hash13(cell + 91.0) + 2.5 * magnitude);
}

vec4 renderLayer(vec3 dir, vec2 uv) {
  // fwidth before any branch: derivatives are only defined where the whole 2 x 2 quad runs the same code
  float pixelAngle = max(length(fwidth(dir)), 1e-4);
  float horizonFade = smoothstep(-0.02, 0.12, dir.y);
  float dawnFade = followNight ? 1.0 - smoothstep(0.8, 1.0, uNight) : 1.0;
  // nothing shows below the horizon or after dawn: skip the three grids and the dust there
  if (horizonFade * dawnFade <= 0.0) return vec4(0.0);
  // three depths: rare bright stars on a coarse grid, ever fainter and more numerous ones on finer grids
  vec3 light = starLayer(dir, 40.0, pixelAngle, 0.0, 0.5)
             + starLayer(dir, 90.0, pixelAngle, 17.0, 0.22) * 0.6
             + starLayer(dir, 200.0, pixelAngle, 41.0, 0.08) * 0.4;
  // the milky band: a tilted great circle of faint fbm dust
  vec3 axis = normalize(vec3(0.35, 0.8, 0.45));
  float band = exp(-pow(dot(dir, axis) / 0.22, 2.0));
  // the dust's fbm only where the band can add light: elsewhere (most of the sky) its share is below 1/8192
  if (milkyWay * band * brightness > 1.0 / 8192.0) {
    float dust = fbm3(dir * 6.0 + uSeed, 4, 2.0, 0.5) * 0.5 + 0.5;
    light += milkyWay * band * dust * dust * mix(cool, warm, dust) * 0.35;
  }
  return vec4(light * brightness, horizonFade * dawnFade);
}
